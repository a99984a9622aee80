import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { EvalReport } from '../../../tasks/eval-report.ts';
import { instanceRecordSchema } from '../../../tasks/instance-record.ts';
import { summarizeRecords } from '../../../tasks/metrics/eval-summary.ts';
import { taskFigures } from '../../../tasks/task-figures.ts';
import { COMMON_WORDS } from '../../../tasks/vocab/common-words.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-eval-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hunt eval --out', () => {
  it('GIVEN --out THEN every prompt is a JSON line, and recomputing the summary from the file gives the report to the digit', async () => {
    const out = path.join(dir, 'ioi.jsonl');
    const corpus = path.join(dir, 'corpus.txt');
    writeFileSync(corpus, 'When John and Mary went to the store, Mary gave a drink to John. '.repeat(30));
    const { code, stdout, stderr } = await runCli(['eval', 'ioi', '--model', FIXTURE_MODEL, '--n', '40', '--seed', '2', '--json', '--out', out, '--baseline-corpus', corpus]);
    expect([code, stderr]).toStrictEqual([0, '']);
    const report = JSON.parse(stdout) as EvalReport;
    const records = readFileSync(out, 'utf8').trim().split('\n').map((line) => instanceRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(report.scored);
    expect(records[0]).toMatchObject({ answers: [expect.any(String)], distractors: [expect.any(String)], control: expect.any(String) });
    expect(Object.keys(records[0].baselines).sort()).toStrictEqual(['bigram', 'copier', 'unigram']);

    const again = summarizeRecords(records, report.seed);
    for (const key of ['metrics', 'control', 'ci', 'effect', 'logit_diff', 'distractors', 'baselines', 'gate', 'verdict', 'verdict_upper', 'small_n'] as const) {
      expect(JSON.parse(JSON.stringify(again[key])), key).toStrictEqual(report[key]);
    }
    // the paper's figures too: per template and per name order
    expect(JSON.parse(JSON.stringify(taskFigures('ioi', records)))).toStrictEqual(report.task_figures);
    expect(Object.keys((report.task_figures as { by_order: object }).by_order)).toStrictEqual(['ABBA', 'BABA']);
    expect(report.reproduce).toMatchObject({ seed: 2, n: 40, baseline_corpus: corpus });
  });

  it('GIVEN a task file whose control drops the answer THEN it is refused with one line and a non-zero exit', async () => {
    const file = path.join(dir, 'dropping.yaml');
    writeFileSync(
      file,
      YAML.stringify({
        id: 'dropping',
        title: 'Induction whose control deletes the answer',
        template: ' {a} {b} {c} {d} {x} {y} {a} {b} {c}',
        lists: { words: COMMON_WORDS.slice(0, 100) },
        slots: Object.fromEntries(['a', 'b', 'c', 'd', 'x', 'y', 'h', 'i', 'j', 'k'].map((s) => [s, 'words'])),
        expected: ' {d}',
        control: ' {h} {i} {j} {k} {x} {y} {a} {b} {c}',
      }),
    );
    const { code, stdout, stderr } = await runCli(['eval', file, '--model', FIXTURE_MODEL, '--n', '20']);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/dropping: \d+ of 20 controls drop the answer from the prompt/);
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('GIVEN a baseline corpus that cannot be read THEN one line says so before any model is loaded', async () => {
    const { code, stdout, stderr } = await runCli(['eval', 'ioi', '--model', FIXTURE_MODEL, '--baseline-corpus', path.join(dir, 'missing.txt')]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`hunt: cannot read the baseline corpus ${path.join(dir, 'missing.txt')} (ENOENT): give a readable text file`);
  });
});
