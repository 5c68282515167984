-- Upgrades a database made from the earlier postgresql.sql (before pending changes kept their
-- four-eyes policy and purges their count) to the current schema. Default table prefix, no schema:
-- adjust if yours differ. Rows already there read as requested without four-eyes (see the CHANGELOG).
BEGIN;
ALTER TABLE "VecticePendingChanges"
    ADD "SettingsBefore" character varying(200),
    ADD "SettingsAfter" character varying(200),
    ADD "FourEyesAtRequest" character varying(32) NOT NULL DEFAULT 'Off';
ALTER TABLE "VecticeAuditEntries"
    ADD "PurgedCount" integer,
    ADD "PurgeCutoff" timestamp with time zone;
COMMIT;
