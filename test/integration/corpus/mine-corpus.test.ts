import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusTokenizer, type CorpusTokenizer } from '../../../corpus/load-tokenizer.ts';
import { mineCorpus, type MineReport } from '../../../corpus/mine-corpus.ts';
import type { MinedInstance } from '../../../corpus/scan-protocol.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { source } from '../../helpers/mine-test-tasks.ts';
import {
  CALL_ME_COUNTS,
  CALL_ME_DOCS,
  CALL_ME_TASK_YAML,
  PLANTED_TASK_SOURCE,
  plantedDocuments,
  writePlantedCorpus,
  type PlantedFormat,
} from '../../helpers/planted-corpus.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-mine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED = 4;
const { docs, counts } = plantedDocuments(SEED, 120);
const planted = { matches: counts.agree + counts.disagree + counts.decline, answered: counts.agree + counts.disagree, agreed: counts.agree };

let gpt2: CorpusTokenizer;
beforeAll(async () => {
  gpt2 = await loadCorpusTokenizer(resolveModelSource({ model: FIXTURE_MODEL }));
});

/** The report without what varies from run to run (timings) or with the setup (workers). */
function stable(report: MineReport) {
  const { seconds, scan_seconds, mb_per_s, scan_mb_per_s, workers, ...rest } = report;
  return rest;
}

describe('mining a corpus for a task', () => {
  it('GIVEN the planted corpus THEN it holds every kind of plant (the counts below test something)', () => {
    expect(counts.agree).toBeGreaterThan(20);
    expect(counts.disagree).toBeGreaterThan(5);
    expect(counts.decline).toBeGreaterThan(5);
  });

  it.each(['txt', 'txt.gz', 'jsonl', 'jsonl.gz', 'parquet', 'parquet.gz', 'folder'] as PlantedFormat[])(
    'GIVEN a %s corpus with planted instances THEN documents, matches, coverage and agreement are exact',
    async (format) => {
      const corpus = writePlantedCorpus(path.join(dir, format), format, docs);
      // small batches: many of them, merged back in order from two workers
      const report = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 2, tokens: 'bytes', batchChars: 2_000 });
      expect({ docs: report.docs, bytes: report.bytes, matches: report.matches, answered: report.answered, agreed: report.agreed }).toStrictEqual({
        docs: 120,
        bytes: docs.reduce((sum, d) => sum + Buffer.byteLength(d), 0),
        ...planted,
      });
      expect(report.coverage).toBe(planted.answered / planted.matches);
      expect(report.heuristic_matches_text).toBe(planted.agreed / planted.answered);
      expect(report.tokens_method).toBe('bytes');
      expect(report.tokens).toBe(Math.round(report.bytes / 4.4));
      expect(report.per_million_tokens).toBe((planted.matches * 1e6) / report.tokens);
      expect(report.engine).toBe('re2');
    },
  );

  it('GIVEN --out and exact token counts THEN every answered match is written as an instance and tokens are GPT-2\'s', async () => {
    const corpus = writePlantedCorpus(path.join(dir, 'out'), 'jsonl', docs);
    const out = path.join(dir, 'instances.jsonl');
    const report = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 2, tokens: 'exact', model: { model: FIXTURE_MODEL }, out });
    const instances = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MinedInstance);
    expect(report.out).toStrictEqual({ path: out, instances: planted.answered, context_length: 1024 });
    expect(instances).toHaveLength(planted.answered);
    expect(instances.filter((i) => i.expected[0] === i.actual)).toHaveLength(planted.agreed);
    const first = instances[0];
    const doc = docs[Number(first.doc.split('#')[1])];
    expect(first).toStrictEqual({ task: 'planted-acronym', prompt: doc.slice(0, first.offset), expected: [first.prompt.match(/([A-Z])[a-z]+ ([A-Z])[a-z]+ \($/)!.slice(1).join('')], actual: doc.slice(first.offset, first.offset + 2), doc: first.doc, offset: first.offset });
    expect(report.tokens_method).toBe('exact');
    expect(report.tokens).toBe(docs.reduce((sum, d) => sum + gpt2.encode(d).length, 0));
  });

  it('GIVEN sampled token counts on a corpus under a million characters THEN every document is sampled and the count is exact', async () => {
    const corpus = writePlantedCorpus(path.join(dir, 'sample'), 'jsonl', docs);
    const report = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 1, model: { model: FIXTURE_MODEL } });
    expect(report.tokens_method).toBe('exact');
    expect(report.tokens).toBe(docs.reduce((sum, d) => sum + gpt2.encode(d).length, 0));
  });

  it('GIVEN a match 6,000 words into a document THEN its prompt is cut on the left to fit the context with its answer', async () => {
    const long = `${'the history of the world and all of its people '.repeat(600)}and then Alpha Beta (AB) said`;
    const corpus = path.join(dir, 'long.jsonl');
    writeFileSync(corpus, JSON.stringify({ text: long }) + '\n');
    const out = path.join(dir, 'long-instances.jsonl');
    await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 1, tokens: 'bytes', model: { model: FIXTURE_MODEL }, out });
    const [instance] = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MinedInstance);
    const offset = long.indexOf('(AB)') + 1;
    expect(instance.offset).toBe(offset);
    expect(long.slice(0, offset).endsWith(instance.prompt)).toBe(true);
    // <|endoftext|> + prompt + the answer's tokens + 1 (the engine's reserve) fit in 1024
    const used = 1 + gpt2.encode(instance.prompt).length + gpt2.encode('AB').length + 1;
    expect(used).toBeLessThanOrEqual(1024);
    expect(used).toBeGreaterThan(1010);
  });

  it('GIVEN --limit-docs 10 THEN exactly the first 10 documents are scanned', async () => {
    const corpus = writePlantedCorpus(path.join(dir, 'limit'), 'txt', docs);
    const first = plantedDocuments(SEED, 10);
    const report = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 1, tokens: 'bytes', limitDocs: 10 });
    expect([report.docs, report.matches, report.answered, report.agreed]).toStrictEqual([
      10,
      first.counts.agree + first.counts.disagree + first.counts.decline,
      first.counts.agree + first.counts.disagree,
      first.counts.agree,
    ]);
  });

  it('GIVEN 1 or 3 workers and many small batches THEN the report and its examples are the same, in corpus order', async () => {
    const corpus = writePlantedCorpus(path.join(dir, 'order'), 'jsonl', docs);
    const one = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 1, tokens: 'bytes', examples: 12, batchChars: 500 });
    const three = await mineCorpus({ task: PLANTED_TASK_SOURCE, corpus, workers: 3, tokens: 'bytes', examples: 12, batchChars: 500 });
    expect(stable(three)).toStrictEqual(stable(one));
    expect(one.examples).toHaveLength(12);
    const positions = one.examples.map((e) => [Number(e.doc.split('#')[1]), e.offset]);
    expect(positions).toStrictEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const first = one.examples[0];
    const text = docs[positions[0][0]];
    expect(first.before).toBe(text.slice(Math.max(0, first.offset - 100), first.offset));
    expect(first.actual + first.after).toBe(text.slice(first.offset, first.offset + first.actual.length + 40));
  });
});

describe('mining with a declarative task file', () => {
  it('GIVEN a YAML task file that carries its own regex THEN it is mined like a built-in task, its instances carry its expected answers, and a name not on its list is declined', async () => {
    const taskFile = path.join(dir, 'call-me.yaml');
    writeFileSync(taskFile, CALL_ME_TASK_YAML);
    const corpus = writePlantedCorpus(path.join(dir, 'call-me'), 'txt', CALL_ME_DOCS);
    const out = path.join(dir, 'call-me-instances.jsonl');
    const report = await mineCorpus({ task: { kind: 'resolve', spec: taskFile }, corpus, workers: 2, tokens: 'bytes', model: { model: FIXTURE_MODEL }, out });
    expect([report.task, report.engine, report.docs, report.matches, report.answered, report.agreed]).toStrictEqual([
      'call-me-by-name', 're2', CALL_ME_COUNTS.docs, CALL_ME_COUNTS.matches, CALL_ME_COUNTS.answered, CALL_ME_COUNTS.agreed,
    ]);
    const instances = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MinedInstance);
    expect(instances).toStrictEqual([
      { task: 'call-me-by-name', prompt: 'Hi there. My name is Alice. Call me', expected: [' Alice'], actual: ' Alice', doc: 'corpus.txt#0', offset: 35 },
      { task: 'call-me-by-name', prompt: 'Well. My name is Robert. Call me', expected: [' Robert'], actual: ' Bob', doc: 'corpus.txt#2', offset: 32 },
    ]);
  });
});

describe('regex safety', () => {
  const redosCorpus = () => {
    const corpus = path.join(dir, 'redos.jsonl');
    const lines = ['xaaa', 'no match here', 'a'.repeat(40) + 'b', 'yaa', 'aaaa'].map((text) => JSON.stringify({ text }));
    writeFileSync(corpus, lines.join('\n') + '\n');
    return corpus;
  };

  it('GIVEN (a+)+ that RE2 cannot take (a lookahead) and a line of a\'s ending in b THEN that document is reported over its budget, not hung', async () => {
    const started = performance.now();
    const report = await mineCorpus({ task: source('redosTask'), corpus: redosCorpus(), workers: 2, tokens: 'bytes', regexBudgetMs: 300 });
    // a hang guard, not a speed claim: without the budget this run never ends; worker start-up on a busy machine takes seconds
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(report.engine).toBe('js');
    expect(report.engine_note).toBe('RE2 cannot run a lookahead; using the JS engine under a per-document time budget');
    expect(report.regex_budget_ms).toBe(300);
    expect(report.over_budget_docs).toBe(1);
    expect(report.over_budget).toStrictEqual([{ doc: 'redos.jsonl#2', bytes: 41 }]);
    // the other four documents are scanned, before and after the stuck one
    expect([report.docs, report.matches]).toStrictEqual([4, 3]);
  });

  it('GIVEN (a+)+$ that RE2 can take THEN it runs in linear time, well inside its budget', async () => {
    const report = await mineCorpus({ task: source('redosRe2Task'), corpus: redosCorpus(), workers: 1, tokens: 'bytes', regexEngine: 're2' });
    expect([report.engine, report.regex_budget_ms, report.over_budget_docs, report.docs, report.matches]).toStrictEqual(['re2', 1000, 0, 5, 3]);
  });
});

describe('mining failures', () => {
  const tiny = path.join(dir, 'tiny.jsonl');
  beforeAll(() => writeFileSync(tiny, '{"text":"Alpha Beta (AB)"}\n'));

  it('GIVEN a task without a regex THEN it fails at once as a bad task', async () => {
    await expect(mineCorpus({ task: source('regexlessTask'), corpus: tiny, tokens: 'bytes' })).rejects.toMatchObject({
      code: 'bad_task',
      message: 'task "no-regex" has no regex, so it cannot be mined: give it one with a named group "answer" (the prompt is the text before it)',
    });
  });

  it('GIVEN a heuristic that throws THEN the run stops with its error instead of hanging', async () => {
    const corpus = writePlantedCorpus(path.join(dir, 'throwing'), 'jsonl', docs);
    await expect(mineCorpus({ task: source('throwingTask'), corpus, workers: 2, tokens: 'bytes' })).rejects.toMatchObject({ name: 'TypeError', message: 'heuristic bug' });
  });

  it('GIVEN an --out path that cannot be written THEN it fails at once, naming it', async () => {
    const out = path.join(dir, 'no-such-folder', 'instances.jsonl');
    await expect(mineCorpus({ task: PLANTED_TASK_SOURCE, corpus: tiny, tokens: 'bytes', model: { model: FIXTURE_MODEL }, out })).rejects.toMatchObject({
      code: 'bad_option',
      message: `cannot write --out ${out}: ENOENT`,
    });
  });

  it('GIVEN no tokenizer and sampled tokens THEN it fails at once saying how to count without one', async () => {
    await expect(mineCorpus({ task: PLANTED_TASK_SOURCE, corpus: tiny, model: { model: path.join(dir, 'no-model') } })).rejects.toMatchObject({
      code: 'model_load_failed',
      message: expect.stringContaining('or count tokens without one (--tokens bytes, and no --out)'),
    });
  });
});
