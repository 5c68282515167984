-- Upgrades a database made from the earlier sqlite.sql (before pending changes kept their four-eyes
-- policy and purges their count) to the current schema. Default table prefix, no schema: adjust if
-- yours differ. Rows already there read as requested without four-eyes (see the CHANGELOG).
BEGIN;
ALTER TABLE "VecticePendingChanges" ADD COLUMN "SettingsBefore" TEXT NULL;
ALTER TABLE "VecticePendingChanges" ADD COLUMN "SettingsAfter" TEXT NULL;
ALTER TABLE "VecticePendingChanges" ADD COLUMN "FourEyesAtRequest" TEXT NOT NULL DEFAULT 'Off';
ALTER TABLE "VecticeAuditEntries" ADD COLUMN "PurgedCount" INTEGER NULL;
ALTER TABLE "VecticeAuditEntries" ADD COLUMN "PurgeCutoff" TEXT NULL;
COMMIT;
