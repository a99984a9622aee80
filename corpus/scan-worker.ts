import { parentPort, workerData } from 'node:worker_threads';
import { HuntError } from '../common/errors.ts';
import type { HeuristicAnswer, TaskDefinition } from '../tasks/task-types.ts';
import { loadCorpusTokenizer, type CorpusTokenizer } from './load-tokenizer.ts';
import { loadTask } from './load-task.ts';
import { fitPromptLeft } from './prompt-window.ts';
import { seededRng, seedFromString } from '../common/random.ts';
import { askHeuristic, judgeMatch, type JudgedMatch } from './scan-document.ts';
import { emptyBatchResult, type BatchResult, type FromScanWorker, type MinedInstance, type ScanDoc, type ScanWorkerInit, type ToScanWorker } from './scan-protocol.ts';
import { compileTaskRegex, type AnswerMatch, type AnswerScanner } from './task-regex.ts';

/** Context shown around an example's answer point. */
const EXAMPLE_BEFORE = 100;
const EXAMPLE_AFTER = 40;

interface WorkerState {
  task: TaskDefinition;
  scanner: AnswerScanner;
  tokenizer: CorpusTokenizer | null;
  heartbeat: Int32Array;
  init: ScanWorkerInit;
  census: RegExp[];
}

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

/** At most `max` of a document's matches, chosen at random (seeded by the document), in text order. */
function capMatches(found: AnswerMatch[], max: number, docId: string, seed: number): AnswerMatch[] {
  if (max === 0 || found.length <= max) return found;
  const rng = seededRng(seedFromString(docId) ^ seed);
  const order = found.map((_, i) => i);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(rng() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, max).sort((x, y) => x - y).map((i) => found[i]);
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
function instanceFor(state: WorkerState, doc: string, match: JudgedMatch): MinedInstance | null {
  const tokenizer = state.tokenizer!;
  const { task } = state;
  const full = match.prompt;
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

function scanBatch(state: WorkerState, docs: ScanDoc[]): BatchResult {
  const result = emptyBatchResult();
  result.census = state.census.map(() => 0);
  const { heartbeat, scanner, tokenizer, task, init } = state;
  const judge = { heuristic: task.heuristic, isInstance: task.isInstance, taskId: task.id, tokenizer };
  docs.forEach((doc, index) => {
    Atomics.store(heartbeat, 1, index);
    Atomics.add(heartbeat, 0, 1); // odd: this document's regexes are running
    const found = scanner.findAll(doc.text);
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
    result.matches += found.length;
    const chosen = capMatches(found, init.maxPerDoc, doc.id, init.seed);
    result.capped += found.length - chosen.length;
    for (const m of chosen) {
      const match = judgeMatch(doc.text, m, judge);
      const mined = init.writeInstances && match.instance ? instanceFor(state, doc.id, match) : null;
      result.records.push({
        key: promptKey(match.prompt, match.actual),
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

function post(message: FromScanWorker): void {
  parentPort!.postMessage(message);
}

function postError(err: unknown): void {
  if (err instanceof HuntError) post({ type: 'error', code: err.code, message: err.message, permanent: err.permanent });
  else post({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), permanent: false });
}

async function start(): Promise<void> {
  const init = workerData as ScanWorkerInit;
  const state: WorkerState = {
    init,
    task: await loadTask(init.task),
    scanner: compileTaskRegex(init.regex),
    tokenizer: init.tokenizer ? await loadCorpusTokenizer(init.tokenizer) : null,
    heartbeat: new Int32Array(init.heartbeat),
    census: [],
  };
  state.census = (state.task.census ?? []).map((c) => new RegExp(c.source, `${(c.flags ?? '').replace(/[gy]/g, '')}g`));
  parentPort!.on('message', (message: ToScanWorker) => {
    try {
      post({ type: 'result', batch: message.batch, result: scanBatch(state, message.docs) });
    } catch (err) {
      postError(err);
    }
  });
  post({ type: 'ready' });
}

start().catch(postError);
