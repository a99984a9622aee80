-- Imported entries live apart from the catalog: `catalog_entries` holds only tasks that crossed
-- the vote threshold here (the vote path is the only writer), so every reader of the catalog
-- (hunt catalog list/show/export, the bot, the web pages) sees voted entries and nothing else.
-- `hunt catalog list --imported` reads this table.

CREATE TABLE imported_entries (
  task_id        integer     PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  -- the evaluation stored with the import: unverified (the file's figures kept in `claimed`),
  -- or computed here with `hunt catalog import --reevaluate`
  evaluation_id  integer     REFERENCES evaluations (id) ON DELETE SET NULL,
  -- as the file claimed them: the votes were cast elsewhere
  net_votes      integer     NOT NULL,
  threshold      integer     NOT NULL,
  added_at       timestamptz NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now()
);

-- Entries imported before this migration move over.
INSERT INTO imported_entries (task_id, evaluation_id, net_votes, threshold, added_at)
  SELECT task_id, evaluation_id, net_votes, threshold, added_at FROM catalog_entries WHERE provenance = 'imported';
DELETE FROM catalog_entries WHERE provenance = 'imported';
ALTER TABLE catalog_entries ADD CONSTRAINT catalog_entries_voted_only CHECK (provenance = 'voted');
