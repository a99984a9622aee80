import YAML from 'yaml';
import { parseVoteButtonId } from '../../bot/custom-ids.ts';
import { definitionFromForm, definitionFromFile } from '../../bot/task-submission.ts';
import { USER_MESSAGES, userMessageForError } from '../../bot/user-messages.ts';
import type { CatalogRepository } from '../../catalog/catalog-repository.ts';
import { HuntError } from '../../common/errors.ts';
import { seededRng, type Rng } from '../../common/random.ts';
import { contentJobId } from '../../queue/job-producer.ts';
import { JOB_NAMES, parseJob, REASON_MAX } from '../../queue/job-schemas.ts';
import { parseDeclarativeTask, parseTaskFileText } from '../../tasks/declarative-task.ts';
import { compileTemplateMatcher, TEMPLATE_MATCH_STEP_BUDGET } from '../../tasks/template-matcher.ts';
import { anyObject, anyString, anyValue, int, nastyString, nastyYaml, nearlyValidTask, oneOf, PROTOTYPE_KEYS } from './fuzz-inputs.ts';

/**
 * The fuzzed surfaces and the properties every input must keep: nothing but a HuntError
 * escapes, nothing runs past its budget, bad input never gets the outage message, and
 * every line of a message is at most 300 characters.
 */
export const MESSAGE_LINE_MAX = 300;
/** Longest one input may take on a surface (a hang shows as a violation, not a stuck run). */
export const INPUT_BUDGET_MS = 3_000;

export interface SurfaceTally {
  surface: string;
  inputs: number;
  accepted: number;
  refused: number;
  violations: string[];
  slowestMs: number;
}

type Outcome = 'accepted' | 'refused';
/** A surface makes an input (not timed), then checks it (timed against INPUT_BUDGET_MS). */
export interface Surface {
  name: string;
  run(rng: Rng): () => Promise<Outcome> | Outcome;
}

/** A refusal is fine when it is a HuntError about the input, worded in short lines. */
function judgeRefusal(err: unknown): string | undefined {
  if (!(err instanceof HuntError)) return `escaped ${err instanceof Error ? `${err.name}: ${err.message.slice(0, 120)}` : String(err)}`;
  if (err.code === 'unavailable') return `outage error for bad input: ${err.message.slice(0, 120)}`;
  if (userMessageForError(err) === USER_MESSAGES.unavailable('')) return 'outage message for bad input';
  const long = err.message.split('\n').find((line) => line.length > MESSAGE_LINE_MAX);
  if (long !== undefined) return `a message line of ${long.length} characters: ${long.slice(0, 80)}…`;
  return undefined;
}

class Violation extends Error {}

/** Run `fn`; a HuntError is a refusal, judged; anything else is a violation. */
async function refusalOf(fn: () => unknown): Promise<Outcome> {
  try {
    await fn();
    return 'accepted';
  } catch (err) {
    if (err instanceof Violation) throw err;
    const problem = judgeRefusal(err);
    if (problem) throw new Violation(problem);
    return 'refused';
  }
}

/** A task that parsed must also generate and read prompts (its own and a stranger's) without escaping. */
function exerciseTask(definition: unknown, origin: string, rng: Rng): void {
  const task = parseDeclarativeTask(definition, origin);
  const instances = task.generate(seededRng(int(rng, 1_000)), 3);
  for (const { prompt } of instances) task.heuristic(prompt);
  task.heuristic(anyString(rng));
  task.heuristic(`${nastyString(rng, 30)} to`);
}

const jobPayloads: Surface = {
  name: 'job payloads',
  run(rng) {
    const name = rng() < 0.9 ? oneOf(rng, JOB_NAMES) : anyString(rng);
    const keys = ['prompt', 'answers', 'text', 'top', 'tokens', 'bos', 'truncate', 'sample', 'temperature', 'seed', 'task', 'n', 'catalog_task_id', 'builtin', 'definition', 'origin'];
    const data = rng() < 0.1 ? anyValue(rng) : { ...anyObject(rng, 2, keys), ...(rng() < 0.5 ? { prompt: anyString(rng) } : {}), ...(rng() < 0.3 ? { task: { definition: nearlyValidTask(rng) } } : {}) };
    return () => {
      const parsed = parseJob(name, data);
      if (!parsed.ok) {
        if (parsed.reason.length > REASON_MAX) throw new Violation(`a reason of ${parsed.reason.length} characters`);
        return 'refused';
      }
      contentJobId(parsed.job);
      return 'accepted';
    };
  },
};

const jsonTaskFiles: Surface = {
  name: 'task files (JSON)',
  run(rng) {
    const roll = rng();
    const text =
      roll < 0.6
        ? JSON.stringify(nearlyValidTask(rng))
        : roll < 0.7
          ? `{"id":"x","slots":{"${oneOf(rng, PROTOTYPE_KEYS)}":["a"]},"template":"{A} to","title":"t","expected":" {A}"}`
          : roll < 0.8
            ? `${'['.repeat(1 + int(rng, 20_000))}`
            : roll < 0.9
              ? JSON.stringify(anyValue(rng, 4)) ?? 'null'
              : nastyString(rng, 20);
    return () => refusalOf(() => exerciseTask(parseTaskFileText(text, 'fuzz.json'), 'fuzz.json', rng));
  },
};

/** YAML text of a value; the yaml library's own writer recurses, so very deep values go as JSON (which is YAML too). */
function yamlOf(value: unknown): string {
  try {
    return YAML.stringify(value);
  } catch {
    return JSON.stringify(value) ?? 'null';
  }
}

const yamlTaskFiles: Surface = {
  name: 'task files (YAML)',
  run(rng) {
    const text = rng() < 0.5 ? nastyYaml(rng) : yamlOf(nearlyValidTask(rng));
    return () => refusalOf(() => exerciseTask(definitionFromFile('fuzz.yaml', text), 'fuzz.yaml', rng));
  },
};

const templateReadings: Surface = {
  name: 'template readings',
  run(rng) {
    const slots = ['{A}', '{B}', '{C}', '{D}', '{E}', '{F}', '{G}', '{upper(A)}', '{join(A, B, "")}', '{add(C, 1)}'];
    const template = Array.from({ length: 1 + int(rng, 10) }, () => (rng() < 0.6 ? oneOf(rng, slots) : oneOf(rng, ['a', ' ', 'ab', ' to', '!', '😀']))).join('');
    const unit = oneOf(rng, ['a', 'ab', ' ', 'a ', 'to ', '😀', 'x to ', 'A', '1 ']);
    const prompt = unit.repeat(int(rng, 2_000)) + oneOf(rng, ['', ' to', '!', 'b', ' to!']);
    // half the readings check slot values against lists, as a task file's do
    const constraints = rng() < 0.5 ? { accepts: (_: string, value: string) => value.length % 3 !== 0, maxLength: () => 1 + int(rng, 50) } : {};
    return () => {
      const reading = compileTemplateMatcher(template, constraints).read(prompt);
      if (reading.steps > TEMPLATE_MATCH_STEP_BUDGET + 1) throw new Violation(`${reading.steps} steps on ${template}`);
      return reading.groups ? 'accepted' : 'refused';
    };
  },
};

const submissionForms: Surface = {
  name: 'bot forms and forged ids',
  run(rng) {
    const customId = rng() < 0.5 ? `vote:${oneOf(rng, ['up', 'down', 'sideways', ''])}:${oneOf(rng, [String(int(rng, 1e12)), '-1', '0', '1e3', '2147483648', nastyString(rng, 2)])}` : anyString(rng);
    const field = () => (rng() < 0.7 ? nastyString(rng, 10) : anyString(rng));
    const form = { name: field(), template: rng() < 0.5 ? `${field()} {A} ${field()}\nA: ${field()}` : field(), expected: field(), distractor: rng() < 0.5 ? field() : undefined, description: field() };
    return async () => {
      const vote = parseVoteButtonId(customId);
      if (vote && !(Number.isInteger(vote.taskId) && vote.taskId > 0)) throw new Violation(`vote id ${customId} parsed as ${vote.taskId}`);
      const outcome = await refusalOf(() => exerciseTask(definitionFromForm(form), 'your task', rng));
      // the same definition through the bot's validation, as /task submit runs it
      await refusalOf(() => parseDeclarativeTask(definitionFromForm(form), 'your task'));
      return outcome;
    };
  },
};

/** Forged task ids against a real catalog: huge, negative, fractional, NaN. */
export function catalogIds(repo: CatalogRepository): Surface {
  return {
    name: 'forged task ids (catalog)',
    run(rng) {
      const id = oneOf(rng, [() => int(rng, 1e12), () => -int(rng, 100), () => rng() * 100, () => Number.NaN, () => 2_147_483_648, () => 2 ** 53 + 2, () => int(rng, 50)])();
      const action = int(rng, 3);
      const voter = `fuzz-${int(rng, 10)}`;
      const value = rng() < 0.5 ? 1 : -1;
      return () =>
        refusalOf(async () => {
          if (action === 0) await repo.taskDetail(id);
          else if (action === 1) await repo.vote(id, voter, value);
          else await repo.withdrawVote(id, 'fuzz');
        });
    },
  };
}

export const PURE_SURFACES: readonly Surface[] = [jobPayloads, jsonTaskFiles, yamlTaskFiles, templateReadings, submissionForms];

/** Run `inputs` seeded inputs through a surface and tally them; violations are collected, not thrown. */
export async function fuzzSurface(surface: Surface, seed: number, inputs: number): Promise<SurfaceTally> {
  const tally: SurfaceTally = { surface: surface.name, inputs, accepted: 0, refused: 0, violations: [], slowestMs: 0 };
  for (let i = 0; i < inputs; i++) {
    const rng = seededRng(seed * 1_000_003 + i);
    let started = performance.now();
    try {
      const check = surface.run(rng);
      started = performance.now();
      tally[await check()]++;
    } catch (err) {
      tally.violations.push(`input ${i} (seed ${seed}): ${err instanceof Violation ? err.message : `escaped ${(err as Error)?.name}: ${(err as Error)?.message?.slice(0, 160)}`}`);
    }
    const ms = performance.now() - started;
    tally.slowestMs = Math.max(tally.slowestMs, ms);
    if (ms > INPUT_BUDGET_MS) tally.violations.push(`input ${i} (seed ${seed}): took ${Math.round(ms)} ms (budget ${INPUT_BUDGET_MS})`);
  }
  return tally;
}
