import { z } from 'zod';
import { describeIssues } from '../common/describe-issues.ts';
import type { TaskSource } from '../corpus/load-task.ts';
import type { MineSettings } from '../corpus/mine-setup.ts';
import type { CorpusReadOptions } from '../corpus/corpus-types.ts';
import type { FailedShard, MineReport } from '../corpus/mine-report.ts';
import type { PoolResult } from '../corpus/scan-pool.ts';
import type { MinedInstance } from '../corpus/scan-protocol.ts';
import { evaluateTaskRefSchema } from './job-schemas.ts';

/**
 * The jobs of `hunt enqueue mine`, on their own queue (MINE_QUEUE): mining needs no model,
 * only its tokenizer, so `hunt worker --mine` serves it without loading one. One BullMQ flow
 * per corpus: a `mine-merge` parent whose children are the `mine-shard` jobs, one per shard
 * of files; the parent runs once every child has finished (or failed for good).
 */
export const MINE_QUEUE = 'mine';
export const MINE_SHARD_JOB = 'mine-shard';
export const MINE_MERGE_JOB = 'mine-merge';

/** What every shard of one run must agree on (MineSettings, in the queue's snake case). */
export const mineSettingsSchema = z
  .object({
    task: evaluateTaskRefSchema,
    regex_engine: z.enum(['auto', 're2', 'js']).default('auto'),
    regex_budget_ms: z.int().min(1).default(1000),
    tokens: z.enum(['sample', 'exact', 'bytes']).default('sample'),
    /** where the tokenizer comes from, as `--model` (a hub id or a folder on the workers' machines) */
    model: z.string().min(1).optional(),
    cache_dir: z.string().min(1).optional(),
    write_instances: z.boolean().default(false),
    max_per_doc: z.int().min(0).default(3),
    seed: z.int().min(0).default(0),
    text_field: z.string().min(1).default('text'),
    txt_documents: z.enum(['blank-line', 'file']).default('blank-line'),
    /** characters per scan batch (tests make it small) */
    batch_chars: z.int().min(1).optional(),
  })
  .strict();

const fileRef = { name: z.string().min(1), start: z.number().min(0), size: z.number().min(0) };
export const corpusFileRefSchema = z.union([z.object({ ...fileRef, path: z.string().min(1) }).strict(), z.object({ ...fileRef, url: z.url() }).strict()]);

export const mineShardJobSchema = z.object({ settings: mineSettingsSchema, shard: z.int().min(0), files: z.array(corpusFileRefSchema).min(1) }).strict();

export const mineMergeJobSchema = z
  .object({
    settings: mineSettingsSchema,
    /** the corpus as `hunt mine` describes it */
    corpus: z.string(),
    /** each shard's files (names) and bytes, in corpus order */
    shards: z.array(z.object({ files: z.array(z.string()), bytes: z.number().min(0) }).strict()).min(1),
    examples: z.int().min(0).default(5),
    sample: z.int().min(1).optional(),
    /** the instances file the requester writes (named in the report) */
    out: z.string().min(1).optional(),
  })
  .strict();

export type MineSettingsData = z.output<typeof mineSettingsSchema>;
export type MineShardJobData = z.output<typeof mineShardJobSchema>;
export type MineMergeJobData = z.output<typeof mineMergeJobSchema>;

/** A shard's result: its scanned part, or why it could not be scanned (bad input: not retried). */
export type MineShardResult = { shard: number; ok: true; worker: string; part: PoolResult; seconds: number } | { shard: number; ok: false; worker: string; error: string };

/** The merge job's result: the one report, and the instances when they were asked for. */
export interface MineJobResult {
  report: MineReport;
  instances?: MinedInstance[];
}

export type { FailedShard };

/** Validate a mine job's payload; never throws (see parseJob). */
export function parseMineJob<S extends z.ZodType>(schema: S, name: string, data: unknown): { ok: true; data: z.output<S> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, reason: `${name} job: ${describeIssues(parsed.error.issues, { limit: 3 })}` };
}

/** The queue's settings as the miner's own. */
export function mineSettingsOf(data: MineSettingsData): MineSettings {
  const task: TaskSource = 'builtin' in data.task ? { kind: 'resolve', spec: data.task.builtin } : { kind: 'definition', definition: data.task.definition, origin: data.task.origin };
  return {
    task,
    regexEngine: data.regex_engine,
    regexBudgetMs: data.regex_budget_ms,
    tokens: data.tokens,
    model: { model: data.model, cacheDir: data.cache_dir },
    writeInstances: data.write_instances,
    maxPerDoc: data.max_per_doc,
    seed: data.seed,
  };
}

export function readOptionsOf(data: MineSettingsData): CorpusReadOptions {
  return { textField: data.text_field, txtDocuments: data.txt_documents };
}
