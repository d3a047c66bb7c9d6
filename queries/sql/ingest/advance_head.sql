-- Move a dataset kind's head from the version a commit read to the one it writes, inside the commit's
-- transaction (schema/05_versions.sql). Returns the rows changed: 0 means the head had moved.
UPDATE version_head SET value = $version WHERE name = $kind AND value = $version - 1;
