import { z } from 'zod';

/**
 * One catalog entry as exported (`hunt catalog export`) and imported back: the task as
 * submitted, the votes it had when it entered, and the evaluation it had then. This is
 * the format the research team consumes; snake_case keys are the stable contract.
 */
const isoTime = z.iso.datetime({ offset: true });
const json = z.record(z.string(), z.unknown());

export const catalogEvaluationSchema = z
  .object({
    id: z.int().positive(),
    job_id: z.string().nullable(),
    model_id: z.string().min(1),
    model_revision: z.string().min(1),
    metrics: json,
    verdict: z.string().min(1),
    evaluated_at: isoTime,
    // provenance (catalog migration 002); optional so that older exports still import
    provenance: z.enum(['computed', 'imported']).optional(),
    computed_by: z.string().nullable().optional(),
    model_file_hash: z.string().nullable().optional(),
    tool_version: z.string().nullable().optional(),
    seed: z.int().nullable().optional(),
    n: z.int().nullable().optional(),
    /** an imported evaluation's figures as the file claimed them (its own metrics are empty, its verdict 'unverified') */
    claimed: json.nullable().optional(),
  })
  .strict();

export const catalogRecordSchema = z
  .object({
    task_id: z.int().positive(),
    slug: z.string().min(1),
    definition: json,
    submitter: z.string().min(1),
    guild_id: z.string().nullable(),
    channel_id: z.string().nullable(),
    message_id: z.string().nullable(),
    submitted_at: isoTime,
    net_votes: z.int(),
    threshold: z.int().positive(),
    added_at: isoTime,
    /** 'voted': it crossed the vote threshold here; 'imported': it came in an import file */
    provenance: z.enum(['voted', 'imported']).optional(),
    evaluation: catalogEvaluationSchema.nullable(),
  })
  .strict();

export type CatalogEvaluation = z.infer<typeof catalogEvaluationSchema>;
export type CatalogRecord = z.infer<typeof catalogRecordSchema>;
