import { availableParallelism } from 'node:os';
import { InputError } from '../common/errors.ts';
import { resolveModelSource, type ModelSource, type ModelSourceOptions } from '../models/model-source.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';
import { loadCorpusTokenizer, type CorpusTokenizer } from './load-tokenizer.ts';
import { loadTask, type TaskSource } from './load-task.ts';
import type { TokenCountMode } from './scan-protocol.ts';
import { planTaskRegex, type RegexEngineChoice, type TaskRegexPlan } from './task-regex.ts';

/** Matches judged per document by default: a page that repeats a pattern a thousand times is one source, not a thousand. */
export const DEFAULT_MAX_PER_DOC = 3;
/** A JS-engine regex's time budget per document, in ms. */
export const DEFAULT_REGEX_BUDGET_MS = 1000;

/** The settings of a mining run that every scanner must share: plain data, so they cross threads and the queue. */
export interface MineSettings {
  task: TaskSource;
  regexEngine?: RegexEngineChoice;
  /** per-document time budget of the regex, in ms (default 1000) */
  regexBudgetMs?: number;
  /** how tokens are counted (default `sample`) */
  tokens?: TokenCountMode;
  /** where the GPT-2 tokenizer comes from (same rules as the engine's model) */
  model?: ModelSourceOptions;
  /** build the instances for an instances file */
  writeInstances: boolean;
  /** matches judged per document, chosen at random; 0: all (default DEFAULT_MAX_PER_DOC) */
  maxPerDoc?: number;
  /** seed of the per-document choice and of the sample (default 0) */
  seed?: number;
}

/** What a run needs loaded: the task, its regex plan and the tokenizer, with defaults applied. */
export interface MineSetup {
  task: TaskDefinition;
  plan: TaskRegexPlan;
  tokenMode: TokenCountMode;
  maxPerDoc: number;
  seed: number;
  budgetMs: number;
  modelSource: ModelSource | null;
  tokenizer: CorpusTokenizer | null;
}

export function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new InputError('bad_option', `${name} must be a whole number ≥ ${min} (got ${value})`);
  }
}

export function checkSettings(settings: MineSettings): void {
  checkWhole('regex-budget', settings.regexBudgetMs, 1);
  checkWhole('max-per-doc', settings.maxPerDoc, 0);
  checkWhole('seed', settings.seed, 0);
  if (settings.tokens !== undefined && !['exact', 'sample', 'bytes'].includes(settings.tokens)) {
    throw new InputError('bad_option', `tokens must be exact, sample or bytes (got "${settings.tokens}")`);
  }
}

/** The task and its regex plan: a task without a regex, or a regex the chosen engine cannot run, fails here. */
export async function loadMineTask(settings: Pick<MineSettings, 'task' | 'regexEngine'> & Partial<MineSettings>): Promise<{ task: TaskDefinition; plan: TaskRegexPlan }> {
  checkSettings({ writeInstances: false, ...settings });
  const task = await loadTask(settings.task);
  if (!task.regex) {
    throw new InputError('bad_task', `task "${task.id}" has no regex, so it cannot be mined: give it one with a named group "answer" (the prompt is the text before it)`);
  }
  return { task, plan: planTaskRegex(task.regex, settings.regexEngine ?? 'auto', `task "${task.id}"`) };
}

/**
 * Load what a run needs, failing fast with one clear message: a task without a regex, a
 * regex the chosen engine cannot run, a tokenizer that cannot load. The tokenizer is loaded
 * here first (before any scan worker) so that the hub cache is filled once.
 */
export async function prepareMine(settings: MineSettings): Promise<MineSetup> {
  const { task, plan } = await loadMineTask(settings);
  const tokenMode = settings.tokens ?? 'sample';
  const needTokenizer = tokenMode !== 'bytes' || settings.writeInstances;
  const modelSource = needTokenizer ? resolveModelSource(settings.model ?? {}) : null;
  const tokenizer = modelSource ? await loadCorpusTokenizer(modelSource) : null;
  return {
    task,
    plan,
    tokenMode,
    maxPerDoc: settings.maxPerDoc ?? DEFAULT_MAX_PER_DOC,
    seed: settings.seed ?? 0,
    budgetMs: settings.regexBudgetMs ?? DEFAULT_REGEX_BUDGET_MS,
    modelSource,
    tokenizer,
  };
}

/** Scan threads by default: one per core. */
export const defaultScanWorkers = (): number => availableParallelism();
