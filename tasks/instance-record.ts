import { z } from 'zod';

/** One prompt's score under one model: whole-answer figures and first-token figures. */
export const instanceScoreSchema = z.object({
  /** P(any acceptable answer), whole continuations (tasks/metrics/instance-score.ts) */
  prob: z.number(),
  logprob: z.number(),
  /** first token only: best rank and logit of an acceptable answer's first token */
  rank: z.number(),
  logit: z.number(),
  /** first token only: best acceptable minus best distractor first-token logit */
  logit_diff: z.number().optional(),
  distractor_prob: z.number().optional(),
  /** each distractor's whole-continuation log-prob */
  distractor_logprobs: z.array(z.number()).optional(),
  /** each acceptable answer's whole-continuation log-prob */
  answer_logprobs: z.array(z.number()).optional(),
  /** how many of them P(any acceptable answer) sums (an answer that extends another is not counted) */
  answers_counted: z.number().int().nonnegative().optional(),
  /** their log-probs, when some answer extends another (else they are answer_logprobs): what each distractor is compared with */
  counted_answer_logprobs: z.array(z.number()).optional(),
});

/** A control is the task's own, or the generic one (the words before the last three shuffled) for a task without controls. */
export const controlSourceSchema = z.enum(['task', 'generic']);
export type ControlSource = z.infer<typeof controlSourceSchema>;

/**
 * Everything computed for one prompt: what `--out file.jsonl` writes, one line each, and what
 * the report's summary is computed from (tasks/metrics/eval-summary.ts), so re-reading the
 * file reproduces the report's figures.
 */
export const instanceRecordSchema = z.object({
  prompt: z.string(),
  /** the prompt with the cue corrupted, scored with the same answers; null when there is none */
  control: z.string().nullable(),
  /** where the control came from: the task's own, or the generic shuffle (tasks/generic-control.ts) for a task that gives none */
  control_source: controlSourceSchema.optional(),
  answers: z.array(z.string()),
  distractors: z.array(z.string()),
  /** the unit of the bootstrap and of the tests: "template:3" for templated tasks, else "prompt:<index>" */
  cluster: z.string(),
  /** the generator's built-in answer, when it has one */
  expected: z.string().optional(),
  /** for corpus instances: what really followed */
  actual: z.string().optional(),
  truncated: z.boolean(),
  /** the generator's variant of the prompt, where the paper splits by it (IOI: "ABBA" or "BABA") */
  variant: z.string().optional(),
  model: z.object({
    clean: instanceScoreSchema,
    control: instanceScoreSchema.optional(),
    top: z.object({ text: z.string(), prob: z.number() }),
    /** log P(actual continuation), for corpus instances */
    actual_logprob: z.number().optional(),
  }),
  /** per baseline: log P(answer) on the prompt and on its control */
  baselines: z.record(z.string(), z.object({ clean: z.number(), control: z.number().optional() })),
});

export type InstanceScoreRecord = z.infer<typeof instanceScoreSchema>;
export type InstanceRecord = z.infer<typeof instanceRecordSchema>;
