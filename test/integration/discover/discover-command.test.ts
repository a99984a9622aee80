import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

// `hunt discover` as a user runs it: the flags reach the search, --emit-task prints a file that
// `hunt eval` takes as it is, and a wrong candidate id is one line naming the ones there are.

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-discover-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const corpus = writeTxtCorpus(dir, 'spans.txt', [...repeatedSpanDocs(1, 20), ...PROSE_DOCS]);
const model = ['--model', FIXTURE_MODEL];

describe('hunt discover', () => {
  it('GIVEN --emit-task with a candidate of the run THEN hunt eval evaluates the printed file without edits', async () => {
    const out = path.join(dir, 'candidates.jsonl');
    const emitted = await runCli(['discover', '--corpus', corpus, ...model, '--emit-task', 'induction-word-word', '--out', out]);
    expect(emitted.stderr).toBe('');
    expect(emitted.code).toBe(0);
    const candidates = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(candidates[0].id).toBe('induction-word-word');
    const file = path.join(dir, 'task.yaml');
    writeFileSync(file, emitted.stdout);
    const evaluated = await runCli(['eval', file, ...model, '--json']);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.stdout) as { task: string; verdict: string };
    expect(report).toMatchObject({ task: 'discovered-induction-word-word', verdict: 'strong' });
  }, 60_000);

  it('GIVEN --emit-task with an id no candidate has THEN one line names the candidates of the run', async () => {
    const result = await runCli(['discover', '--corpus', corpus, ...model, '--emit-task', 'acronym-upper-upper']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('hunt: no candidate "acronym-upper-upper" cleared the bar in this run; candidates: induction-word-word');
    expect(hasStackTrace(result.stderr)).toBe(false);
  }, 60_000);
});
