import { RE2JS } from 're2js';
import { InputError } from '../common/errors.ts';
import { translateToRe2 } from './js-to-re2.ts';

export type RegexEngine = 're2' | 'js';
/** `auto`: RE2 when the regex translates, else JS under a time budget. */
export type RegexEngineChoice = 'auto' | RegexEngine;

/**
 * How a task's regex will run: plain data, decided once in the main thread and sent to
 * the scan workers. `re2Source`/`re2Flags` are set when the engine is RE2.
 */
export interface TaskRegexPlan {
  source: string;
  flags: string;
  engine: RegexEngine;
  re2Source?: string;
  re2Flags?: number;
  /** why it is not RE2, or where RE2 may differ from JS */
  note?: string;
}

/** One answer point: where the whole match is, and where its `answer` group is. */
export interface AnswerMatch {
  start: number;
  end: number;
  answerStart: number;
  answerEnd: number;
}

/** Finds every answer point of a document, scanning left to right, matches not overlapping. */
export interface AnswerScanner {
  engine: RegexEngine;
  /** every match as start, end pairs (flat): the cheap pass, no group positions */
  findSpans(text: string): number[];
  /** the match that starts at `start` with its answer group; null when the group took no part */
  answerAt(text: string, start: number): AnswerMatch | null;
  /** every answer point (findSpans, then answerAt on each) */
  findAll(text: string): AnswerMatch[];
}

/** Flags that change what matches; g, y and d only change how JS iterates, and we iterate ourselves. */
function matchingFlags(flags: string): string {
  return [...new Set(flags.replace(/[gyd]/g, ''))].join('');
}

/**
 * Check a task's regex and choose its engine. Bad regexes fail at once as `bad_task`:
 * not valid JS, no named group `answer`, unknown flags, or `re2` forced on a regex RE2
 * cannot run.
 *
 * @example planTaskRegex({ source: '\\((?<answer>[A-Z]+)\\)' }).engine // 're2'
 * @example planTaskRegex({ source: '(?<w>\\w+) \\k<w>(?<answer>.)' }).engine // 'js' (note: 'RE2 cannot run a named backreference (\\k<…>)')
 */
export function planTaskRegex(regex: { source: string; flags?: string; engine?: RegexEngine }, choice: RegexEngineChoice = 'auto', taskId = 'task'): TaskRegexPlan {
  const flags = matchingFlags(regex.flags ?? '');
  const shown = `/${regex.source}/${regex.flags ?? ''}`;
  if (/[^imsuv]/.test(flags)) throw new InputError('bad_task', `the regex ${shown} of ${taskId} has unknown flags "${flags}" (JS flags: d g i m s u v y)`);
  let js: RegExp;
  try {
    js = new RegExp(`(?:${regex.source})|`, flags);
    new RegExp(regex.source, flags);
  } catch (err) {
    throw new InputError('bad_task', `the regex ${shown} of ${taskId} is not a valid JavaScript regex: ${(err as Error).message}`);
  }
  // An empty-alternative wrapper always matches "", and then lists every named group.
  const groups = js.exec('')?.groups ?? {};
  if (!('answer' in groups)) {
    throw new InputError('bad_task', `the regex ${shown} of ${taskId} has no named group "answer": mark the answer with (?<answer>…); the prompt is the text before it`);
  }
  if (choice === 'js') return { source: regex.source, flags, engine: 'js', note: 'JS engine chosen (--regex-engine js)' };
  if (choice === 'auto' && regex.engine === 'js') return { source: regex.source, flags, engine: 'js', note: "the task's regex runs faster on the JS engine (measured)" };

  const translation = translateToRe2(regex.source, flags);
  let reason: string;
  if (translation.ok) {
    const re2Flags =
      (translation.flags.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0) |
      (translation.flags.multiline ? RE2JS.MULTILINE : 0) |
      (translation.flags.dotAll ? RE2JS.DOTALL : 0) |
      (translation.flags.lookbehinds ? RE2JS.LOOKBEHINDS : 0);
    try {
      RE2JS.compile(translation.source, re2Flags);
      return { source: regex.source, flags, engine: 're2', re2Source: translation.source, re2Flags, note: translation.notes.join('; ') || undefined };
    } catch (err) {
      // e.g. a capturing group inside a lookbehind, or a repeat count over 1000
      reason = `RE2 rejects it (${(err as Error).message})`;
    }
  } else {
    reason = `RE2 cannot run ${translation.reason}`;
  }
  if (choice === 're2') throw new InputError('bad_task', `the regex ${shown} of ${taskId} cannot run on RE2: ${reason}`);
  return { source: regex.source, flags, engine: 'js', note: `${reason}; using the JS engine under a per-document time budget` };
}

/**
 * Next search position: after the match, or one character further after an empty one (as
 * JS's matchAll). A character, not a code unit, when the regex reads code points (u/v flags,
 * and RE2 always): a `u` regex started inside a surrogate pair backs up to the pair's start,
 * so stepping one code unit past an empty match before an emoji finds the same match forever.
 */
function next(text: string, start: number, end: number, codePoints: boolean): number {
  if (end > start) return end;
  if (codePoints) {
    const unit = text.charCodeAt(end);
    const low = text.charCodeAt(end + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) return end + 2;
  }
  return end + 1;
}

/** Every answer point of the spans, in order (matches whose answer group took no part are left out). */
function answersOf(scanner: Pick<AnswerScanner, 'findSpans' | 'answerAt'>, text: string): AnswerMatch[] {
  const spans = scanner.findSpans(text);
  const found: AnswerMatch[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const match = scanner.answerAt(text, spans[i]);
    if (match) found.push(match);
  }
  return found;
}

/**
 * The regex with its named groups made non-capturing, for the pass that only finds where
 * matches are: V8 builds a groups object for every match of a regex with named groups. Kept
 * as it is when it has a backreference (which needs its group).
 *
 * @example withoutNamedGroups('</(?<answer>[a-z]+>)') // '</(?:[a-z]+>)'
 */
export function withoutNamedGroups(source: string): string {
  if (/\\k<|\\[1-9]/.test(source)) return source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && source.startsWith('?<', i + 1) && !'=!'.includes(source[i + 3])) {
      const close = source.indexOf('>', i);
      out += '(?:';
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

function jsScanner(plan: TaskRegexPlan, candidates?: (text: string) => number[]): AnswerScanner {
  // Two regexes: a plain global one finds the matches (the `d` flag, which records group
  // positions, makes V8 about ten times slower), a sticky `d` one reads the answer group of
  // the few matches that are judged. Both match the same text at the same start.
  const spansRe = new RegExp(withoutNamedGroups(plan.source), `${plan.flags}g`);
  const groupsRe = new RegExp(plan.source, `${plan.flags}dy`);
  const stickyRe = new RegExp(plan.source, `${plan.flags}y`);
  let wholeAnswers = true;
  const codePoints = spansRe.unicode || spansRe.flags.includes('v');
  // With candidates, findSpans has already run the `d` regex at every match: its answers are
  // kept for answerAt on the same text (the miner asks for every match's answer point).
  let answered: { text: string; at: Map<number, AnswerMatch | null> } | undefined;
  const answerOf = (m: RegExpExecArray, start: number): AnswerMatch | null => {
    const answer = m.indices?.groups?.answer;
    return answer ? { start, end: start + m[0].length, answerStart: answer[0], answerEnd: answer[1] } : null;
  };
  const scanner = {
    engine: 'js' as const,
    findSpans(text: string) {
      const spans: number[] = [];
      let pos = 0;
      if (candidates) {
        const at = new Map<number, AnswerMatch | null>();
        answered = { text, at };
        // the regex anchored at each candidate start, matches not overlapping: the same
        // matches as a scan from every position, when the candidates hold every match start
        for (const start of candidates(text)) {
          if (start < pos) continue;
          const re = wholeAnswers ? stickyRe : groupsRe;
          re.lastIndex = start;
          const m = re.exec(text);
          if (!m) continue;
          const end = start + m[0].length;
          spans.push(start, end);
          // An answer as long as the whole match is the whole match (induction's answer is all
          // the regex consumes): its place is known without the `d` flag's index arrays. A
          // regex whose answer is only part of its match runs with `d` from then on.
          const answer = m.groups?.answer;
          if (re === groupsRe) at.set(start, answerOf(m, start));
          else if (answer === undefined) at.set(start, null);
          else if (answer.length === m[0].length) at.set(start, { start, end, answerStart: start, answerEnd: end });
          else wholeAnswers = false;
          pos = next(text, start, end, codePoints);
        }
        return spans;
      }
      while (pos <= text.length) {
        spansRe.lastIndex = pos;
        const m = spansRe.exec(text);
        if (!m) break;
        const end = m.index + m[0].length;
        spans.push(m.index, end);
        pos = next(text, m.index, end, codePoints);
      }
      return spans;
    },
    answerAt(text: string, start: number) {
      const known = answered?.text === text ? answered.at.get(start) : undefined;
      if (known !== undefined) return known;
      groupsRe.lastIndex = start;
      const m = groupsRe.exec(text);
      return m ? answerOf(m, start) : null;
    },
  };
  return { ...scanner, findAll: (text) => answersOf(scanner, text) };
}

function re2Scanner(plan: TaskRegexPlan): AnswerScanner {
  const re = RE2JS.compile(plan.re2Source!, plan.re2Flags ?? 0);
  const scanner = {
    engine: 're2' as const,
    findSpans(text: string) {
      const spans: number[] = [];
      // test() runs on the DFA without captures: most documents hold no match and stop here.
      if (!re.test(text)) return spans;
      const matcher = re.matcher(text);
      let pos = 0;
      while (pos <= text.length && matcher.find(pos)) {
        const start = matcher.start();
        const end = matcher.end();
        spans.push(start, end);
        pos = next(text, start, end, true);
      }
      return spans;
    },
    answerAt(text: string, start: number) {
      const matcher = re.matcher(text);
      if (!matcher.find(start) || matcher.start() !== start) return null;
      const answerStart = matcher.start('answer');
      return answerStart >= 0 ? { start, end: matcher.end(), answerStart, answerEnd: matcher.end('answer') } : null;
    },
  };
  return { ...scanner, findAll: (text) => answersOf(scanner, text) };
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * RE2 reads code points; a JS regex without the u flag reads UTF-16 code units, so on text
 * with astral characters (emoji) the two can match differently (`.` is one unit in JS, the
 * whole emoji in RE2). Such documents go to the JS engine, under the same budget, so a task's
 * matches never depend on the engine that ran.
 */
function re2WithJsSemantics(plan: TaskRegexPlan): AnswerScanner {
  const re2 = re2Scanner(plan);
  if (/[uv]/.test(plan.flags)) return re2;
  const js = jsScanner(plan);
  const pick = (text: string) => (SURROGATE.test(text) ? js : re2);
  return {
    engine: 're2',
    findSpans: (text) => pick(text).findSpans(text),
    answerAt: (text, start) => pick(text).answerAt(text, start),
    findAll: (text) => pick(text).findAll(text),
  };
}

/** The scanner for a plan; `candidates` (the task's prefilter) is used by the JS engine. */
export function compileTaskRegex(plan: TaskRegexPlan, candidates?: (text: string) => number[]): AnswerScanner {
  return plan.engine === 're2' ? re2WithJsSemantics(plan) : jsScanner(plan, candidates);
}
