-- Provenance: who or what computed each evaluation, and figures that came from elsewhere
-- (`hunt catalog import`) kept apart from figures computed here. An imported evaluation's
-- verdict is 'unverified' and its metrics empty; what the file claimed is kept in `claimed`.

ALTER TABLE evaluations
  ADD COLUMN provenance       text NOT NULL DEFAULT 'computed' CHECK (provenance IN ('computed', 'imported')),
  -- the worker (host:pid) or front end that ran the evaluation
  ADD COLUMN computed_by      text,
  ADD COLUMN model_file_hash  text,
  ADD COLUMN tool_version     text,
  ADD COLUMN seed             integer,
  ADD COLUMN n                integer,
  ADD COLUMN claimed          jsonb;

-- 'voted': the task crossed the threshold here; 'imported': it arrived in an import file
ALTER TABLE catalog_entries
  ADD COLUMN provenance text NOT NULL DEFAULT 'voted' CHECK (provenance IN ('voted', 'imported'));
