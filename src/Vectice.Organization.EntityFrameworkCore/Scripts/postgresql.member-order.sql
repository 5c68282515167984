-- Upgrades a PostgreSQL database created before members were listed in code point order whatever the
-- database's collation: the user id column sorts with the "C" collation, as today's create script has it.
-- Run it once; it rebuilds the memberships' primary key.
ALTER TABLE "VecticeMemberships" ALTER COLUMN "UserId" TYPE character varying(128) COLLATE "C";
