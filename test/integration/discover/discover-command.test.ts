import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { discoverCommand } from '../../../cli/commands/discover-command.ts';
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

  it('GIVEN two shards written with --partial-out THEN --merge prints the report of the whole corpus', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      const files = [0, 1].map((i) => path.join(dir, `shard-${i}.json`));
      for (const [i, file] of files.entries()) await discoverCommand().parseAsync(['--corpus', corpus, ...model, '--shard', `${i}/2`, '--partial-out', file], { from: 'user' });
      await discoverCommand().parseAsync(['--merge', ...files, '--json'], { from: 'user' });
      await discoverCommand().parseAsync(['--corpus', corpus, ...model, '--json'], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    expect(printed[0]).toMatch(/^wrote shard 0\/2 of txt file .*spans\.txt to .*shard-0\.json: [\d,]+ positions, \d+ wins$/);
    const [merged, whole] = printed.slice(2).map((text) => JSON.parse(text) as { shards?: string; positions: number; wins: number; candidates: { id: string; wins: number }[] });
    expect(merged.shards).toBe('0, 1 of 2');
    expect([merged.positions, merged.wins, merged.candidates.map((c) => [c.id, c.wins])]).toStrictEqual([whole.positions, whole.wins, whole.candidates.map((c) => [c.id, c.wins])]);
  }, 60_000);
});
