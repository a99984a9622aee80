import { z } from 'zod';
import { FEATURES } from './context-features.ts';

/**
 * What one shard of a discover scan hands to the merge: counts, not conclusions. Crediting a
 * feature and the bar of a candidate depend on every shard's positions, so a shard keeps its
 * tally per (feature mask, shape) cell and a sample of each cell's wins (already decoded: the
 * merge needs no tokenizer); `mergePartials` decides. A single run is one shard merged alone.
 * The file `hunt discover --partial-out` writes is this object as JSON, read back through the
 * schema below.
 */

const probability = z.number().min(0).max(1);

export const winExampleSchema = z.strictObject({
  doc: z.string(),
  prompt_tail: z.string(),
  actual: z.string(),
  p_model: probability,
  p_ngram: probability,
  p_short: probability,
  features: z.array(z.enum(FEATURES)),
});

export const keptWinSchema = z.strictObject({
  /** index of the document in the corpus (all shards count the same documents) and of the token in it: the wins' order */
  doc_index: z.int().min(0),
  at: z.int().min(0),
  example: winExampleSchema,
  /** the prompt before the token (up to 256 tokens) and the token: a pair of an emitted task */
  instance: z.strictObject({ prompt: z.string(), answer: z.string() }),
});

export const partialCellSchema = z.strictObject({
  mask: z.int().min(0).max(2 ** FEATURES.length - 1),
  shape: z.string().max(40),
  positions: z.int().min(0),
  wins: z.int().min(0),
  /** at most `instances` of the cell's wins, a seeded uniform sample */
  kept: z.array(keptWinSchema),
});

export const discoverPartialSchema = z.strictObject({
  kind: z.literal('hunt-discover-partial'),
  version: z.literal(1),
  model: z.string(),
  corpus: z.string(),
  shard: z.strictObject({ index: z.int().min(0), count: z.int().min(1) }),
  window: z.int().min(2),
  rule: z.strictObject({ min_prob: z.number(), margin: z.number(), short_context: z.int() }),
  ngram: z.string(),
  docs: z.int().min(0),
  bytes: z.int().min(0),
  tokens: z.int().min(0),
  positions: z.int().min(0),
  wins: z.int().min(0),
  seconds: z.number().min(0),
  seconds_model: z.number().min(0),
  cells: z.array(partialCellSchema),
});

export type KeptWin = z.output<typeof keptWinSchema>;
export type PartialCell = z.output<typeof partialCellSchema>;
export type DiscoverPartial = z.output<typeof discoverPartialSchema>;
