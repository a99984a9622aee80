import { InputError } from '../common/errors.ts';
import { seededRng } from '../common/random.ts';
import type { TaskDefinition } from './task-types.ts';
import { answerTokens } from '../models/answer-tokens.ts';
import type { GraphEngine } from '../models/graph/graph-engine.ts';
import type { PatchMetric, PatchPair, PatchPairs } from '../models/graph/patch-pair.ts';
import { promptTokenIds } from '../models/graph/prompt-tokens.ts';

/**
 * Clean/corrupted pairs from a task: the generated prompt and its control. Patching compares
 * the two runs position by position, so a pair whose prompts tokenize to different lengths
 * is left out (and counted); none left is an error that says so.
 */
export function patchPairsFromTask(task: TaskDefinition, engine: GraphEngine, n: number, seed: number): PatchPairs {
  if (!task.control) throw new InputError('bad_task', `task ${task.id} has no control prompts, and patching needs a clean and a corrupted prompt per instance: pick a task with controls (e.g. ioi, induction)`);
  const rng = seededRng(seed);
  const controlRng = seededRng(seed + 1);
  const dropped = { declined: 0, no_control: 0, length_mismatch: 0 };
  const pairs: PatchPair[] = [];
  let lengths = '';
  for (const instance of task.generate(rng, n)) {
    const expected = task.heuristic(instance.prompt);
    if (!expected || expected.answers.length === 0) {
      dropped.declined++;
      continue;
    }
    const corrupt = task.control(instance, controlRng);
    if (!corrupt) {
      dropped.no_control++;
      continue;
    }
    const cleanIds = promptTokenIds(engine, instance.prompt);
    const corruptIds = promptTokenIds(engine, corrupt);
    if (cleanIds.length !== corruptIds.length) {
      dropped.length_mismatch++;
      lengths ||= ` (e.g. ${cleanIds.length} vs ${corruptIds.length} tokens)`;
      continue;
    }
    const answer = expected.answers[0];
    const distractor = expected.distractors?.find((d) => d !== answer);
    const encode = (t: string) => engine.encode(t);
    const answerIds = answerTokens(encode, engine.encode(instance.prompt), instance.prompt, answer).ids;
    if (cleanIds.length + answerIds.length - 1 > engine.contextLength) {
      throw new InputError('prompt_too_long', `task ${task.id}: a prompt with its answer is ${cleanIds.length + answerIds.length - 1} tokens, over the model's context of ${engine.contextLength}`);
    }
    pairs.push({
      clean: instance.prompt,
      corrupt,
      answer,
      ...(distractor ? { distractor, distractor_id: answerTokens(encode, engine.encode(instance.prompt), instance.prompt, distractor).ids[0] } : {}),
      clean_ids: cleanIds,
      corrupt_ids: corruptIds,
      answer_ids: answerIds,
    });
  }
  if (pairs.length === 0) {
    const why = dropped.length_mismatch > 0 ? `their clean and control prompts tokenize to different lengths${lengths}, and patching compares them position by position` : 'the heuristic declined them or no control could be built';
    throw new InputError('bad_task', `task ${task.id}: none of ${n} instances gives a usable clean/corrupted pair: ${why}`);
  }
  const metric: PatchMetric = pairs.every((p) => p.distractor_id !== undefined) ? 'logit_diff' : 'answer_logprob';
  return { task: task.id, pairs, metric, dropped };
}
