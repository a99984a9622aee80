import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MineReport } from '../../../corpus/mine-corpus.ts';
import type { MinedInstance } from '../../../corpus/scan-protocol.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { CALL_ME_COUNTS, CALL_ME_DOCS, CALL_ME_TASK_YAML, plantedDocuments, writePlantedCorpus } from '../../helpers/planted-corpus.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-mine-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { docs, counts } = plantedDocuments(21, 80);
const corpus = writePlantedCorpus(path.join(dir, 'jsonl'), 'jsonl.gz', docs);

describe('hunt mine', () => {
  it('GIVEN the built-in acronym task and --json THEN the documented report comes back with exact counts', async () => {
    // The built-in regex wants capitalised words before "(": it finds the agree and disagree plants, not "the thing (QQ)".
    const { code, stdout, stderr } = await runCli(['mine', 'acronym', '--corpus', corpus, '--json', '--tokens', 'bytes', '--workers', '2', '--examples', '2']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as MineReport;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['docs', 'tokens', 'matches', 'per_million_tokens', 'coverage', 'heuristic_matches_text', 'examples']));
    expect([report.task, report.engine, report.docs, report.matches, report.answered, report.agreed]).toStrictEqual([
      'acronym', 'js', 80, counts.agree + counts.disagree, counts.agree + counts.disagree, counts.agree,
    ]);
    expect(report.coverage).toBe(1);
    expect(report.heuristic_matches_text).toBe(counts.agree / (counts.agree + counts.disagree));
    expect(report.examples).toHaveLength(2);
  });

  it('GIVEN a task file with its own regex THEN hunt mine mines it as it mines a built-in task', async () => {
    const taskFile = path.join(dir, 'call-me.yaml');
    writeFileSync(taskFile, CALL_ME_TASK_YAML);
    const callMe = writePlantedCorpus(path.join(dir, 'call-me'), 'jsonl', CALL_ME_DOCS);
    const { code, stdout } = await runCli(['mine', taskFile, '--corpus', callMe, '--json', '--tokens', 'bytes', '--workers', '1']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as MineReport;
    expect([report.task, report.docs, report.matches, report.answered, report.agreed, report.coverage, report.heuristic_matches_text]).toStrictEqual([
      'call-me-by-name', CALL_ME_COUNTS.docs, CALL_ME_COUNTS.matches, CALL_ME_COUNTS.answered, CALL_ME_COUNTS.agreed, 2 / 5, 1 / 2,
    ]);
    expect(report.examples[1]).toStrictEqual({ doc: 'corpus.jsonl#2', offset: 32, before: 'Well. My name is Robert. Call me', actual: ' Bob', after: ' if you like.', expected: [' Robert'], agrees: false, instance: true });
  });

  it('GIVEN --out THEN instances are written and the human-readable report says how many', async () => {
    const out = path.join(dir, 'instances.jsonl');
    const { code, stdout } = await runCli(['mine', 'acronym', '--corpus', corpus, '--out', out, '--model', FIXTURE_MODEL, '--workers', '1']);
    expect(code).toBe(0);
    const instances = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MinedInstance);
    // only real instances are written: the disagree plants ("Gamma Delta (XY") are not acronyms of their words
    expect(instances).toHaveLength(counts.agree);
    expect(stdout).toContain(`  matches       ${counts.agree + counts.disagree} — `);
    expect(stdout).toContain(`  instances     ${counts.agree} written to ${out} (real instances; prompts cut on the left to fit 1,024 tokens)`);
    expect(stdout).toContain(`  precision     `);
    expect(stdout).toMatch(/ {2}tokens {8}[\d,]+ — exact: every document tokenized with local:tiny-gpt2's tokenizer/);
  });

  it.each([
    ['a corpus of an unknown format', () => (writeFileSync(path.join(dir, 'c.csv'), 'x'), ['mine', 'acronym', '--corpus', path.join(dir, 'c.csv')]), 2, 'hunt: cannot read corpus'],
    ['a missing corpus', () => ['mine', 'acronym', '--corpus', path.join(dir, 'nope.jsonl')], 2, `hunt: no corpus at "${path.join(dir, 'nope.jsonl')}": no such file or folder`],
    ['an unknown task', () => ['mine', 'no-such-task', '--corpus', corpus, '--tokens', 'bytes'], 2, 'hunt: no built-in task "no-such-task"'],
    ['no --corpus', () => ['mine', 'acronym'], 1, "error: required option '--corpus <path|hub id>' not specified"],
    ['a bad --workers', () => ['mine', 'acronym', '--corpus', corpus, '--workers', '0'], 1, 'workers must be a whole number ≥ 1 (got "0")'],
  ])('GIVEN %s THEN it fails with one line saying so', async (_what, args, exitCode, message) => {
    const { code, stdout, stderr } = await runCli(args());
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
    expect(hasStackTrace(stderr)).toBe(false);
  });
});
