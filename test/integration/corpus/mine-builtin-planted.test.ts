import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusTokenizer, type CorpusTokenizer } from '../../../corpus/load-tokenizer.ts';
import { mineCorpus } from '../../../corpus/mine-corpus.ts';
import { MineTally } from '../../../corpus/mine-tally.ts';
import { scanBatch, scanState } from '../../../corpus/scan-batch.ts';
import { planTaskRegex } from '../../../corpus/task-regex.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { PLANTED_BUILTIN, plantedBuiltinDocs, plantedExpectation } from '../../helpers/planted-builtin-corpus.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-mine-builtin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let gpt2: CorpusTokenizer;
beforeAll(async () => {
  gpt2 = await loadCorpusTokenizer(resolveModelSource({ model: FIXTURE_MODEL }));
});

/** The scan a worker does, in-process: each match's record, and the miner's tally of them. */
function mineInProcess(taskId: string, docs: string[], engine: 'js' | 're2') {
  const task = findBuiltinTask(taskId)!;
  const state = scanState(task, { regex: planTaskRegex(task.regex!, engine), tokenizer: gpt2, writeInstances: true, maxPerDoc: 3, seed: 0 });
  const tally = new MineTally({ censusLabels: (task.census ?? []).map((c) => c.label), examples: 0, seed: 0 });
  const result = scanBatch(state, docs.map((text, i) => ({ id: `doc#${i}`, text, tokenize: false })));
  tally.add(result);
  return { figures: tally.figures(), records: result.records };
}

/** The engines a task's regex runs on: both, unless RE2 cannot take it (a backreference), which planTaskRegex says. */
function enginesOf(taskId: string): ('js' | 're2')[] {
  try {
    planTaskRegex(findBuiltinTask(taskId)!.regex!, 're2');
    return ['js', 're2'];
  } catch (err) {
    expect((err as Error).message).toMatch(/cannot run on RE2/);
    return ['js'];
  }
}

const cases = Object.keys(PLANTED_BUILTIN).flatMap((task) => enginesOf(task).map((engine) => [task, engine] as const));

describe('mining the built-in tasks on text with planted true and false instances', () => {
  it('GIVEN the planted tasks THEN every regex but induction-names (a backreference) also runs on RE2', () => {
    expect(cases.filter(([, engine]) => engine === 're2').map(([task]) => task)).toStrictEqual(Object.keys(PLANTED_BUILTIN).filter((t) => t !== 'induction-names'));
  });

  it.each(cases)('GIVEN planted %s instances on the %s engine THEN each match is judged as planted (kind and instance), and the figures add up', (task, engine) => {
    const want = plantedExpectation(task);
    const { figures: report, records } = mineInProcess(task, plantedBuiltinDocs(task), engine);
    // per match, in text order: the snippet's labels
    const judged = PLANTED_BUILTIN[task].map((_, i) => records.filter((r) => r.example.doc === `doc#${i}`).map((r) => ({ kind: r.kind, instance: r.instance })));
    expect(judged).toStrictEqual(PLANTED_BUILTIN[task].map((snippet) => snippet.matches));
    expect([report.matches, report.judged, report.duplicates, report.capped]).toStrictEqual([want.matches, want.matches, 0, 0]);
    expect([report.precision.k, report.precision.n]).toStrictEqual([want.instances, want.matches]);
    expect([report.agreement.k, report.agreement.n]).toStrictEqual([want.agreed, want.answered]);
    expect(report.declined).toBe(want.declined);
    expect(report.precision.low!).toBeLessThanOrEqual(report.precision.value!);
    expect(report.precision.high!).toBeGreaterThanOrEqual(report.precision.value!);
    expect(Object.fromEntries(report.census.map((c) => [c.label, c.count]))).toStrictEqual(want.census);
    expect(report.samples.agree).toHaveLength(want.agreed);
    expect(report.samples.declined).toHaveLength(want.declined);
    expect(report.instances_total).toBe(want.instances);
  });

  it('GIVEN a surname GPT-2 splits into several tokens THEN the prompt ends on a token boundary, never inside the first token', () => {
    const task = findBuiltinTask('induction-names')!;
    const state = scanState(task, { regex: planTaskRegex(task.regex!, 'js'), tokenizer: gpt2, writeInstances: true, maxPerDoc: 3, seed: 0 });
    const text = plantedBuiltinDocs('induction-names')[1];
    const [record] = scanBatch(state, [{ id: 'd', text, tokenize: false }]).records;
    const prompt = record.mined!.prompt;
    // the text's own tokens: the prompt is exactly a prefix of them
    const ids = gpt2.encode(text);
    const prefix = gpt2.encode(prompt);
    expect(ids.slice(0, prefix.length)).toStrictEqual(prefix);
    expect(gpt2.decode(ids.slice(prefix.length)).startsWith(record.example.actual)).toBe(true);
    expect(prompt.endsWith('Martin Spr')).toBe(true);
    expect(record.example.actual).toBe('ickerhof');
    expect(record.kind).toBe('agree');
  });

  it('GIVEN the same planted email corpus mined end to end by a worker, with a sample of 2 instances THEN the figures match and 2 of the real instances are written', async () => {
    const corpus = path.join(dir, 'email.jsonl');
    writeFileSync(corpus, plantedBuiltinDocs('email-address').map((text) => JSON.stringify({ text })).join('\n') + '\n');
    const want = plantedExpectation('email-address');
    const out = path.join(dir, 'email-sample.jsonl');
    const report = await mineCorpus({ task: { kind: 'resolve', spec: 'email-address' }, corpus, workers: 1, tokens: 'bytes', model: { model: FIXTURE_MODEL }, out, sample: 2, seed: 3 });
    expect([report.matches, report.precision.k, report.agreement.k, report.agreement.n, report.declined]).toStrictEqual([want.matches, want.instances, want.agreed, want.answered, want.declined]);
    expect(report.out).toMatchObject({ instances: 2, sampled_from: want.instances });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { doc: string });
    expect(lines).toHaveLength(2);
    // in corpus order
    expect(lines.map((l) => Number(l.doc.split('#')[1]))).toStrictEqual(lines.map((l) => Number(l.doc.split('#')[1])).sort((a, b) => a - b));
  });

  it('GIVEN --sample without --out THEN it fails at once saying why', async () => {
    await expect(mineCorpus({ task: { kind: 'resolve', spec: 'email-address' }, corpus: path.join(dir, 'email.jsonl'), sample: 5 })).rejects.toMatchObject({
      code: 'bad_option',
      message: '--sample picks the instances written to --out: give --out too',
    });
  });
});
