import type { Rng } from '../common/random.ts';

/**
 * A behaviour task: the contract between task authors (tasks/builtin, declarative
 * task files, Discord submissions), the evaluator (`hunt eval`), the corpus miner
 * (`hunt mine`) and the queue workers. Plain data plus pure functions.
 */

/**
 * What code outside a task reads of an instance's meta: `expected`, the answer the generator
 * built in (an instance whose heuristic answers do not include it is reported as a mismatch);
 * `template`, the template it came from (the unit of the bootstrap); `order`, a variant worth
 * reporting apart (IOI's ABBA/BABA). A task adds its own fields: `TaskDefinition<IoiMeta>`.
 */
export interface TaskMeta {
  expected?: string;
  template?: number | string;
  order?: string;
}

/** The meta of an instance whose task is not known here: TaskMeta, and whatever else its generator wrote. */
export type AnyTaskMeta = TaskMeta & Record<string, unknown>;

/** One prompt to evaluate. */
export interface TaskInstance<M extends TaskMeta = AnyTaskMeta> {
  prompt: string;
  /**
   * The generator's hidden knowledge (slot values, the answer it built in). The heuristic
   * never sees it; the evaluator may use it only to check the heuristic (TaskMeta). Instances
   * read from a file carry whatever columns the file had, so a reader checks before trusting.
   */
  meta?: M;
  /** where the instance came from: a template generator, or a corpus document */
  source?: 'template' | 'corpus' | 'pairs';
  /** for corpus instances: the text that really followed the prompt */
  actual?: string;
}

/**
 * What the heuristic says comes next, from the prompt text alone.
 * `answers`: every acceptable continuation (e.g. several e-mail spellings), best first;
 * `distractors`: plausible wrong continuations the model might prefer (e.g. IOI's repeated name).
 */
export interface HeuristicAnswer {
  answers: string[];
  distractors?: string[];
}

/** A heuristic maps a prompt it may never have seen to its expected answer(s), or declines with null. */
export type Heuristic = (prompt: string) => HeuristicAnswer | null;

/** A regex match in a document: the text before the answer point, the answer, and a little after it. */
export interface MinedMatch {
  prompt: string;
  actual: string;
  after: string;
}

export type TaskStatus = 'known' | 'proposed' | 'submitted';

/** A task whose generator writes meta of type M, which its control reads back. */
export interface TaskDefinition<M extends TaskMeta = AnyTaskMeta> {
  /** kebab-case, unique: `ioi`, `induction-random-tokens` */
  id: string;
  /** other ids that name this task on the command line (`induction` → `induction-random-tokens`) */
  aliases?: string[];
  title: string;
  description: string;
  /** `known`: a published GPT-2 small behaviour; `proposed`: our guess; `submitted`: a user's */
  status: TaskStatus;
  /** n instances from a seeded RNG: same seed → same instances */
  generate(rng: Rng, n: number): TaskInstance<M>[];
  heuristic: Heuristic;
  /**
   * The same prompt with the cue the heuristic relies on removed or corrupted (e.g. the
   * first occurrence of a repeated span replaced). The expected answer of the clean
   * prompt is scored on it, to show that the cue is what the model uses.
   */
  control?(instance: TaskInstance<M>, rng: Rng): string | null;
  /**
   * A JavaScript regular expression (source, no slashes) that finds instances in web text.
   * It must contain a named group `answer`: the prompt is the document up to the start of
   * that group and the group's text is what really followed.
   */
  regex?: {
    source: string;
    flags?: string;
    /**
     * The engine `auto` picks, where measured faster (`npm run bench:mine`); absent: RE2 when
     * the regex translates (linear time), else JS. Either runs under a per-document budget.
     */
    engine?: 'js' | 're2';
    /**
     * A prefilter for regexes that no literal starts: every position where a match can
     * start (a superset: a position left out is a match lost). The JS engine then tries the
     * regex only there, anchored, instead of at every character.
     */
    candidates?: (text: string) => number[];
  };
  /**
   * Mining: whether a regex match is a real instance of the behaviour, judged from the text
   * on both sides of the answer point (the heuristic sees only the prompt): an acronym whose
   * letters are the initials of the words before it, a citation that closes with "]". The
   * share of matches where the heuristic answers and this holds is the regex's precision.
   * Absent: every match where the heuristic answers counts.
   */
  isInstance?(match: MinedMatch): boolean;
  /**
   * Mining: patterns counted in every document, so a report can say how often the setting
   * of the behaviour occurs at all (`<img>` tags, and those with alt before src). JS regexes.
   */
  census?: { label: string; source: string; flags?: string }[];
  /** where the definition came from, for error messages: "builtin" or a file path */
  origin?: string;
}
