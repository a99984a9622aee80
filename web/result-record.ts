import { z } from 'zod';

/**
 * A shared result as stored (catalog table `results`, migration 003): what was asked
 * (`input`), what the tool answered (`output`, the CLI's `--json` shape of that kind),
 * and what computed it. A page renders this record and nothing else, so a link keeps
 * showing what its sharer saw after the task, the model or the tool changes.
 */
export const RESULT_KINDS = ['complete', 'score', 'tokens', 'evaluation', 'heads'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** Largest stored record, in characters of JSON: a 1,000-prompt evaluation fits; a runaway one is refused. */
export const RESULT_JSON_MAX = 2_000_000;

export const newResultSchema = z
  .object({
    kind: z.enum(RESULT_KINDS),
    model: z.object({
      id: z.string().min(1).max(300),
      /** `sha256:<16 hex>` of the weights that ran, or null when the sharer did not know them */
      revision: z.string().min(1).max(100).nullable(),
    }),
    tool_version: z.string().min(1).max(50),
    seed: z.int().min(0).nullable(),
    input: z.record(z.string(), z.unknown()),
    output: z.record(z.string(), z.unknown()),
  })
  .strict();

export type NewResult = z.output<typeof newResultSchema>;

export interface StoredResult extends NewResult {
  id: string;
  created_at: Date;
}

/** A result id: 20 lower-case hex digits (80 bits of a SHA-256). */
export const RESULT_ID_PATTERN = /^[0-9a-f]{20}$/;
