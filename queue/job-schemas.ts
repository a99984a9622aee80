import { z } from 'zod';
import { describeIssues } from '../common/describe-issues.ts';
import { definitionShapeProblem } from '../tasks/definition-nesting.ts';

/**
 * The payload of every job kind, validated with these same schemas by the producer
 * (before anything reaches Redis) and by the worker (before anything reaches the
 * model): one definition, so the two sides cannot drift apart.
 *
 * Defaults are applied by the producer, so `{ prompt }` and `{ prompt, top: 10 }` are
 * the same job (same content hash) and the worker sees complete data.
 */

/** Longest prompt accepted on the queue, in characters; the model's context (1,024 tokens) is checked by the engine. */
export const PROMPT_MAX_CHARS = 20_000;
/** Most answers scored in one `score` job. */
export const ANSWERS_MAX = 20;
/** Largest `n` of an `evaluate` job: bounds a job's run time (see JOB_POLICIES.evaluate.timeoutMs). */
export const EVALUATE_N_MAX = 1_000;

const prompt = z.string().min(1, 'the prompt is empty').max(PROMPT_MAX_CHARS, `the prompt is over ${PROMPT_MAX_CHARS} characters`);
const top = z.int().min(1).max(100).default(10);
const bos = z.boolean().default(true);
const truncate = z.boolean().default(false);

export const completeJobSchema = z
  .object({
    prompt,
    top,
    /** continuation length in tokens */
    tokens: z.int().min(0).max(200).default(20),
    sample: z.boolean().default(false),
    temperature: z.number().positive().max(10).default(1),
    seed: z.int().min(0).default(0),
    bos,
    truncate,
  })
  .strict();

export const scoreJobSchema = z
  .object({
    prompt,
    answers: z.array(z.string().min(1, 'an answer is empty')).min(1, 'give at least one answer').max(ANSWERS_MAX),
    top,
    bos,
    truncate,
  })
  .strict();

export const tokensJobSchema = z.object({ text: prompt, bos, truncate }).strict();

/** The largest task definition a job may carry: the task file limit (tasks/declarative-task.ts). */
export const DEFINITION_MAX_BYTES = 256 * 1024;
function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Infinity; // cyclic or otherwise unserialisable: cannot cross the queue anyway
  }
}

/** A task to evaluate: a built-in id (`ioi`) or a declarative definition (the JSON/YAML a user submitted). */
export const evaluateTaskRefSchema = z.union([
  z.object({ builtin: z.string().min(1) }).strict(),
  z
    .object({
      // A task file's limits hold on the queue too: each job carries its definition through Redis,
      // and its content hash (contentJobId) walks all of it. The nesting is measured first: a
      // definition too deep for JSON.stringify would otherwise be called too big.
      definition: z.record(z.string(), z.unknown()).superRefine((d, ctx) => {
        const shape = definitionShapeProblem(d);
        if (shape) ctx.addIssue({ code: 'custom', message: shape });
        else if (jsonBytes(d) > DEFINITION_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `is over ${DEFINITION_MAX_BYTES / 1024} KiB; a task definition may be at most that` });
      }),
      origin: z.string().min(1).max(500).default('queue'),
    })
    .strict(),
]);

export const evaluateJobSchema = z
  .object({
    task: evaluateTaskRefSchema,
    n: z.int().min(1).max(EVALUATE_N_MAX).optional(),
    seed: z.int().min(0).optional(),
    /** the catalog row of a submitted task: when set, the worker records the evaluation there (once per job) */
    catalog_task_id: z.int().positive().optional(),
  })
  .strict();

/** Most documents one `discover` job reads (each shard counts them all for the n-gram baseline): bounds its memory and run time. */
export const DISCOVER_N_DOCS_MAX = 5_000;

/**
 * Most documents one shard runs the model over: a shard must finish within its job's timeout
 * (JOB_POLICIES.discover, 30 min). `npm run bench:discover` measured 90 positions/s on a loaded
 * 2-core machine with ~675 positions per web document: 100 documents take ~12.5 min there.
 */
export const DISCOVER_DOCS_PER_SHARD_MAX = 100;

export const discoverJobSchema = z
  .object({
    /** a corpus the workers offer by name (HUNT_DISCOVER_CORPORA): a job never carries a path */
    corpus: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'names a corpus the workers offer (HUNT_DISCOVER_CORPORA): lower-case letters, digits, hyphens'),
    shard: z
      .object({ index: z.int().min(0), count: z.int().min(1).max(256) })
      .strict()
      .refine((s) => s.index < s.count, { message: 'index must be below count' })
      .default({ index: 0, count: 1 }),
    n_docs: z.int().min(1).max(DISCOVER_N_DOCS_MAX).default(DISCOVER_DOCS_PER_SHARD_MAX),
    min_prob: z.number().gt(0).max(1).default(0.3),
    margin: z.number().min(0).max(50).default(1.6),
    short_context: z.int().min(1).max(64).default(4),
    seed: z.int().min(0).default(0),
  })
  .strict()
  .superRefine((job, ctx) => {
    const perShard = Math.ceil(job.n_docs / job.shard.count);
    if (perShard > DISCOVER_DOCS_PER_SHARD_MAX) {
      const shards = Math.ceil(job.n_docs / DISCOVER_DOCS_PER_SHARD_MAX);
      ctx.addIssue({ code: 'custom', path: ['n_docs'], message: `${job.n_docs} documents in ${job.shard.count} shard(s) is ${perShard} a shard; a shard runs the model over at most ${DISCOVER_DOCS_PER_SHARD_MAX} within its 30 min timeout: cut the scan into at least ${shards} shards` });
    }
  });

export type CompleteJobData = z.output<typeof completeJobSchema>;
export type ScoreJobData = z.output<typeof scoreJobSchema>;
export type TokensJobData = z.output<typeof tokensJobSchema>;
export type EvaluateJobData = z.output<typeof evaluateJobSchema>;
export type DiscoverJobData = z.output<typeof discoverJobSchema>;

/** The schema of each job kind; `Record<JobName, …>` keeps it complete. */
export const JOB_SCHEMAS = {
  complete: completeJobSchema,
  score: scoreJobSchema,
  tokens: tokensJobSchema,
  evaluate: evaluateJobSchema,
  discover: discoverJobSchema,
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export const JOB_NAMES = Object.keys(JOB_SCHEMAS) as JobName[];

/** What a producer may send for each kind (defaults still to apply). */
export type JobInput<N extends JobName> = z.input<(typeof JOB_SCHEMAS)[N]>;
/** What a worker receives for each kind (defaults applied). */
export type JobData<N extends JobName> = z.output<(typeof JOB_SCHEMAS)[N]>;

/** A job as a tagged union: `{ name: 'complete'; data: CompleteJobData } | …`. */
export type HuntJob = { [N in JobName]: { name: N; data: JobData<N> } }[JobName];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_SCHEMAS, name);
}


/** A refusal is read by a person in one line: long lists of keys or issues are cut. */
export const REASON_MAX = 300;
const clipReason = (reason: string): string => (reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason);

export type ParsedJob = { ok: true; job: HuntJob } | { ok: false; reason: string };

/**
 * Validate a job's kind and payload. Never throws: a bad payload is data about the job,
 * and the caller decides whether it is the user's error (producer) or a job to fail
 * without retry (worker).
 *
 * @example parseJob('score', { prompt: 'Hi', answers: [] })
 * // { ok: false, reason: 'score job: answers: give at least one answer' }
 */
export function parseJob(name: string, data: unknown): ParsedJob {
  if (!isJobName(name)) return { ok: false, reason: clipReason(`unknown job kind "${String(name).slice(0, 40)}" (known: ${JOB_NAMES.join(', ')})`) };
  const parsed = JOB_SCHEMAS[name].safeParse(data);
  if (!parsed.success) return { ok: false, reason: clipReason(`${name} job: ${describeIssues(parsed.error.issues, { limit: 3 })}`) };
  return { ok: true, job: { name, data: parsed.data } as HuntJob };
}
