import { parentPort, workerData } from 'node:worker_threads';
import { HuntError } from '../common/errors.ts';
import type { HeuristicAnswer, TaskDefinition } from '../tasks/task-types.ts';
import { loadCorpusTokenizer, type CorpusTokenizer } from './load-tokenizer.ts';
import { loadTask } from './load-task.ts';
import { fitPromptLeft } from './prompt-window.ts';
import { askHeuristic, judgeMatches, type JudgedMatch } from './scan-document.ts';
import { emptyBatchResult, type BatchResult, type FromScanWorker, type MinedInstance, type ScanDoc, type ScanWorkerInit, type ToScanWorker } from './scan-protocol.ts';
import { compileTaskRegex, type AnswerScanner } from './task-regex.ts';

/** Context shown around an example's answer point. */
const EXAMPLE_BEFORE = 100;
const EXAMPLE_AFTER = 40;

interface WorkerState {
  task: TaskDefinition;
  scanner: AnswerScanner;
  tokenizer: CorpusTokenizer | null;
  heartbeat: Int32Array;
  init: ScanWorkerInit;
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
function instanceFor(state: WorkerState, text: string, doc: string, match: JudgedMatch): MinedInstance | null {
  const tokenizer = state.tokenizer!;
  const { task } = state;
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

function scanBatch(state: WorkerState, docs: ScanDoc[]): BatchResult {
  const result = emptyBatchResult();
  const { heartbeat, scanner, tokenizer, task, init } = state;
  docs.forEach((doc, index) => {
    Atomics.store(heartbeat, 1, index);
    Atomics.add(heartbeat, 0, 1); // odd: this document's regex scan is running
    const found = scanner.findAll(doc.text);
    Atomics.add(heartbeat, 0, 1);

    const bytes = Buffer.byteLength(doc.text, 'utf8');
    result.docs++;
    result.bytes += bytes;
    if (doc.tokenize && tokenizer) {
      result.tokenizedDocs++;
      result.tokenizedBytes += bytes;
      result.tokenizedTokens += tokenizer.encode(doc.text).length;
    }
    for (const match of judgeMatches(doc.text, found, task.heuristic, task.id)) {
      result.matches++;
      if (match.expected) result.answered++;
      if (match.agrees) result.agreed++;
      if (result.examples.length < init.maxExamples) {
        result.examples.push({
          doc: doc.id,
          offset: match.offset,
          before: doc.text.slice(Math.max(0, match.offset - EXAMPLE_BEFORE), match.offset),
          actual: match.actual,
          after: doc.text.slice(match.answerEnd, match.answerEnd + EXAMPLE_AFTER),
          expected: match.expected,
          agrees: match.agrees,
        });
      }
      if (init.writeInstances && match.expected) {
        const instance = instanceFor(state, doc.text, doc.id, match);
        if (instance) result.instances.push(instance);
      }
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
  };
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
