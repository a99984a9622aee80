import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { discoverCommand } from '../../../cli/subcommands/discover-command.ts';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { runCli } from '../../helpers/run-cli.ts';

// `hunt discover` as a user runs it: --emit-task prints a file that `hunt eval` takes as it is;
// shards written apart merge into one report; a wrong candidate id names the ones there are.

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

  it('GIVEN two shards written with --partial-out THEN --merge prints the report of both, and a candidate id not in it is one line naming those there are', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const files = [0, 1].map((i) => path.join(dir, `shard-${i}.json`));
    try {
      for (const [i, file] of files.entries()) await discoverCommand().parseAsync(['--corpus', corpus, ...model, '--shard', `${i}/2`, '--partial-out', file], { from: 'user' });
      await discoverCommand().parseAsync(['--merge', ...files, '--json'], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    const wrote = printed.slice(0, 2).map((line) => /^wrote shard (\d)\/2 of txt file .*spans\.txt to .*shard-\d\.json: ([\d,]+) positions, (\d+) wins$/.exec(line));
    expect(wrote.map((m) => m?.[1])).toStrictEqual(['0', '1']);
    const merged = JSON.parse(printed[2]) as { shards?: string; positions: number; wins: number; candidates: { id: string }[] };
    expect(merged.shards).toBe('0, 1 of 2');
    expect(merged.positions).toBe(wrote.reduce((sum, m) => sum + Number(m![2].replace(/,/g, '')), 0));
    expect(merged.wins).toBe(wrote.reduce((sum, m) => sum + Number(m![3]), 0));
    expect(merged.candidates[0].id).toBe('induction-word-word');
    await expect(discoverCommand().parseAsync(['--merge', ...files, '--emit-task', 'acronym-upper-upper'], { from: 'user' })).rejects.toThrow(
      'no candidate "acronym-upper-upper" cleared the bar in this run; candidates: induction-word-word',
    );
  }, 60_000);
});
