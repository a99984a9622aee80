-- Shared results: one stored record per result a user shared (`hunt … --share`, the
-- bot's replies), rendered by `hunt serve` at /r/<id>. The id is a hash of the record's
-- content (kind, model id and weights hash, tool version, seed, input, output), so the
-- same result shared twice has one id, and a page shows the record, never a recomputation.
-- Independent of the other tables, so it applies whatever migrations come before it.

CREATE TABLE results (
  id              text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{20}$'),
  kind            text        NOT NULL,
  model_id        text        NOT NULL,
  -- the hash of the weights that computed it, when the sharer knew it
  model_revision  text,
  tool_version    text        NOT NULL,
  seed            integer,
  input           jsonb       NOT NULL,
  output          jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX results_kind_idx ON results (kind, created_at DESC);
