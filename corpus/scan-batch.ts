import { seededRng, seedFromString } from '../common/random.ts';
import type { HeuristicAnswer, TaskDefinition } from '../tasks/task-types.ts';
import type { CorpusTokenizer } from './load-tokenizer.ts';
import { fitPromptLeft } from './prompt-window.ts';
import { askHeuristic, judgeMatch, type JudgedMatch } from './scan-document.ts';
import { emptyBatchResult, type BatchResult, type MinedInstance, type ScanDoc } from './scan-protocol.ts';
import { compileTaskRegex, type AnswerMatch, type AnswerScanner, type TaskRegexPlan } from './task-regex.ts';

/**
 * Scanning a batch of documents for a task: find every match, count them, judge at most
 * `maxPerDoc` of each document's, and build the instances for `--out`. Pure apart from the
 * heartbeat a watchdog reads; the scan workers run it, and so can anything in-process.
 */

/** Context shown around an example's answer point. */
const EXAMPLE_BEFORE = 100;
const EXAMPLE_AFTER = 40;

/** What scanning needs, loaded once per worker: the task, its compiled regex and census, the tokenizer. */
export interface ScanState {
  task: TaskDefinition;
  scanner: AnswerScanner;
  tokenizer: CorpusTokenizer | null;
  census: RegExp[];
  writeInstances: boolean;
  maxPerDoc: number;
  seed: number;
  /** Int32 × 2 shared with a watchdog (see ScanWorkerInit.heartbeat); a private one when none watches */
  heartbeat: Int32Array;
}

/** The scan state for a task: its regex compiled on the planned engine, its census patterns as global JS regexes. */
export function scanState(task: TaskDefinition, options: { regex: TaskRegexPlan; tokenizer: CorpusTokenizer | null; writeInstances: boolean; maxPerDoc: number; seed: number; heartbeat?: Int32Array }): ScanState {
  return {
    task,
    scanner: compileTaskRegex(options.regex, task.regex?.candidates),
    tokenizer: options.tokenizer,
    census: (task.census ?? []).map((c) => new RegExp(c.source, `${(c.flags ?? '').replace(/[gy]/g, '')}g`)),
    writeInstances: options.writeInstances,
    maxPerDoc: options.maxPerDoc,
    seed: options.seed,
    heartbeat: options.heartbeat ?? new Int32Array(2),
  };
}

/**
 * Prompts compared for duplicates on their last this many characters (and the answer): the
 * same boilerplate or mirrored page gives the same tail, and hashing the whole window for every
 * judged match would cost more than the scan.
 */
const DEDUPE_CHARS = 1024;

/** A 53-bit hash (two FNV-1a passes): a key to dedupe identical prompts without keeping them. */
export function promptKey(prompt: string, actual: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  };
  mix(prompt);
  mix('\u0000');
  mix(actual);
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
}

/** At most `max` of a document's `count` matches, chosen at random (seeded by the document): their indices, in text order. */
function capMatches(count: number, max: number, docId: string, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (max === 0 || count <= max) return order;
  const rng = seededRng(seedFromString(docId) ^ seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(rng() * (count - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, max).sort((x, y) => x - y);
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Tokens the model needs besides the prompt: <|endoftext|>, and the longest answer (+1, as the engine reserves). */
function reserveFor(answers: string[], tokenizer: CorpusTokenizer): number {
  return 1 + Math.max(...answers.map((a) => tokenizer.encode(a).length + 1));
}

/**
 * The instance for `--out`: the prompt cut on the left to fit the context (fitPromptLeft
 * guarantees the cut text's own tokenization fits the room). When a cut happens the
 * heuristic is asked again on the prompt the model will see (what it relies on may have
 * been cut away): the instance is dropped if it then declines, and cut once more if its
 * new answers need more room.
 */
function instanceFor(state: ScanState, text: string, doc: string, match: JudgedMatch): MinedInstance | null {
  const tokenizer = state.tokenizer!;
  const { task } = state;
  // the whole document before the answer point, not the heuristic's window: the model's context may hold more
  const full = text.slice(0, match.offset);
  let answer: HeuristicAnswer = { answers: match.expected!, distractors: match.distractors };
  let reserve = reserveFor(answer.answers, tokenizer);
  let fitted = fitPromptLeft(full, tokenizer.contextLength - reserve, tokenizer);
  if (fitted.cutChars > 0) {
    for (let round = 0; ; round++) {
      const again = askHeuristic(task.heuristic, fitted.text, task.id);
      if (!again) return null;
      const needed = reserveFor(again.answers, tokenizer);
      answer = again;
      if (needed <= reserve) break;
      if (round === 1) return null; // the answers keep growing as the prompt shrinks: no stable instance
      reserve = needed;
      fitted = fitPromptLeft(full, tokenizer.contextLength - reserve, tokenizer);
    }
  }
  return {
    task: task.id,
    prompt: fitted.text,
    expected: answer.answers,
    ...(answer.distractors?.length ? { distractors: answer.distractors } : {}),
    actual: match.actual,
    doc,
    offset: match.offset,
  };
}

export function scanBatch(state: ScanState, docs: ScanDoc[]): BatchResult {
  const result = emptyBatchResult();
  result.census = state.census.map(() => 0);
  const { heartbeat, scanner, tokenizer, task } = state;
  const judge = { heuristic: task.heuristic, isInstance: task.isInstance, taskId: task.id, tokenizer };
  docs.forEach((doc, index) => {
    Atomics.store(heartbeat, 1, index);
    Atomics.add(heartbeat, 0, 1); // odd: this document's regexes are running
    const spans = scanner.findSpans(doc.text);
    state.census.forEach((re, i) => (result.census[i] += countMatches(re, doc.text)));
    Atomics.add(heartbeat, 0, 1);

    const bytes = Buffer.byteLength(doc.text, 'utf8');
    result.docs++;
    result.bytes += bytes;
    if (doc.tokenize && tokenizer) {
      result.tokenizedDocs++;
      result.tokenizedBytes += bytes;
      result.tokenizedTokens += tokenizer.encode(doc.text).length;
    }
    // Matches whose answer group took no part (an alternative without it) have no answer point:
    // they are neither counted nor capped. So every match's answer point is found, not only
    // the judged ones' (answerAt is a short anchored match; findSpans was the long pass).
    const count = spans.length / 2;
    const points: AnswerMatch[] = [];
    for (let i = 0; i < count; i++) {
      const m = scanner.answerAt(doc.text, spans[2 * i]);
      if (m) points.push(m);
    }
    const chosen = capMatches(points.length, state.maxPerDoc, doc.id, state.seed);
    result.matches += points.length;
    result.capped += points.length - chosen.length;
    for (const i of chosen) {
      const match = judgeMatch(doc.text, points[i], judge);
      const mined = state.writeInstances && match.instance ? instanceFor(state, doc.text, doc.id, match) : null;
      result.records.push({
        key: promptKey(match.prompt.slice(-DEDUPE_CHARS), match.actual),
        kind: match.kind,
        instance: match.instance,
        lenient: match.lenient,
        example: {
          doc: doc.id,
          offset: match.offset,
          before: match.prompt.slice(-EXAMPLE_BEFORE),
          actual: match.actual,
          after: match.after.slice(0, EXAMPLE_AFTER),
          expected: match.expected,
          agrees: match.kind === 'declined' ? null : match.kind === 'agree',
          instance: match.instance,
        },
        ...(mined ? { mined } : {}),
      });
    }
  });
  return result;
}

