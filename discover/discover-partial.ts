import { z } from 'zod';
import { FEATURES } from './context-features.ts';

/**
 * What one shard of a discover scan hands to the merge: counts, not conclusions. Crediting a
 * feature and the bar of a candidate depend on every shard's positions, so a shard keeps its
 * tally per (feature mask, shape) cell, a sample of each cell's wins (its examples) and a sample
 * of all its positions, wins or not (the pairs of an emitted task), already decoded: the merge
 * needs no tokenizer; `mergePartials` decides. A single run is one shard merged alone.
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
});

export const sampledPositionSchema = z.strictObject({
  doc_index: z.int().min(0),
  at: z.int().min(0),
  /** the prompt before the token (up to 256 tokens) and the token: a pair of an emitted task */
  instance: z.strictObject({ prompt: z.string(), answer: z.string() }),
});

export const partialCellSchema = z
  .strictObject({
    mask: z.int().min(0).max(2 ** FEATURES.length - 1),
    shape: z.string().max(40),
    positions: z.int().min(0),
    wins: z.int().min(0),
    /** at most `instances` of the cell's wins, a seeded uniform sample: the examples */
    kept: z.array(keptWinSchema),
    /**
     * at most `instances` of the cell's positions, wins or not, a seeded uniform sample: the
     * pairs of an emitted task, so that evaluating it on the scanned model is not decided by
     * having picked the positions where that model was right
     */
    sampled: z.array(sampledPositionSchema),
  })
  .refine((c) => c.wins <= c.positions, { message: 'a cell has more wins than positions' })
  .refine((c) => c.kept.length <= c.wins && c.sampled.length <= c.positions, { message: 'a cell keeps more samples than it counted' });

export const discoverPartialSchema = z
  .strictObject({
    kind: z.literal('hunt-discover-partial'),
    version: z.literal(2),
    model: z.string(),
    corpus: z.string(),
    /** how the corpus was read (JSONL field, .txt documents): shards of one scan read it alike */
    read: z.string().max(200),
    /** documents the scan reads (--n-docs), over every shard: each shard's n-gram counts cover them */
    n_docs: z.int().min(1),
    shard: z
      .strictObject({ index: z.int().min(0), count: z.int().min(1) })
      .refine((s) => s.index < s.count, { message: 'the shard index must be below the shard count' }),
    window: z.int().min(2),
    rule: z.strictObject({ min_prob: z.number(), margin: z.number(), short_context: z.int() }),
    ngram: z.string(),
    docs: z.int().min(0),
    bytes: z.int().min(0),
    tokens: z.int().min(0),
    positions: z.int().min(0),
    wins: z.int().min(0),
    seconds: z.number().positive(),
    seconds_model: z.number().min(0),
    cells: z.array(partialCellSchema),
  })
  .refine((p) => p.wins <= p.positions, { message: 'more wins than positions' })
  .refine((p) => p.cells.reduce((s, c) => s + c.positions, 0) === p.positions && p.cells.reduce((s, c) => s + c.wins, 0) === p.wins, {
    message: "the cells' positions and wins do not add up to the totals",
  });

export type KeptWin = z.output<typeof keptWinSchema>;
export type SampledPosition = z.output<typeof sampledPositionSchema>;
export type PartialCell = z.output<typeof partialCellSchema>;
export type DiscoverPartial = z.output<typeof discoverPartialSchema>;
