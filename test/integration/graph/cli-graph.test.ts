import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCORE = ['score', 'When John and Mary went to the store, Mary gave a flower to', '-a', ' John', '-a', ' Mary', '--model', FIXTURE_MODEL, '--json'];

describe('GIVEN hunt score with the engine chosen by flag or environment', () => {
  it('THEN --engine graph and HUNT_ENGINE=graph print the same answers as the transformers engine, within 1e-4', async () => {
    const [plain, flag, env] = await Promise.all([runCli(SCORE), runCli([...SCORE, '--engine', 'graph']), runCli(SCORE, { HUNT_ENGINE: 'graph' })]);
    for (const r of [plain, flag, env]) expect(r.code).toBe(0);
    const [a, b, c] = [plain, flag, env].map((r) => JSON.parse(r.stdout));
    expect(b.answers.map((x: { token_ids: number[] }) => x.token_ids)).toStrictEqual(a.answers.map((x: { token_ids: number[] }) => x.token_ids));
    expect(Math.abs(b.logit_diff - a.logit_diff)).toBeLessThan(1e-4);
    expect(c.logit_diff).toBe(b.logit_diff);
  });

  // The numbers above agree whichever engine ran: this failure, which only the graph engine has, shows the flag and the variable reach it.
  it.each([
    ['--engine graph', ['--engine', 'graph'], {}],
    ['HUNT_ENGINE=graph', [], { HUNT_ENGINE: 'graph' }],
  ])('WHEN %s is given a hub id and the hub is out of reach THEN it fails in one line saying where it tried (downloads: test/integration/hub)', async (_how, flag, env) => {
    const r = await runCli(['score', 'Hi', '-a', ' there', ...flag, '--model', 'openai-community/gpt2'], { ...env, HF_ENDPOINT: 'http://127.0.0.1:9', HUNT_CACHE_DIR: path.join(dir, 'empty-cache') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hunt: could not load model "openai-community\/gpt2" from the hub at http:\/\/127\.0\.0\.1:9: cannot reach it \(.*\); .*point --model \(or HUNT_MODEL\) at a local folder\n$/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('GIVEN hunt attention and hunt heads', () => {
  it('THEN attention prints the pattern and writes the PNG', async () => {
    const png = path.join(dir, 'attention.png');
    const r = await runCli(['attention', ' air report enough list', '--layer', '0', '--head', '1', '--model', FIXTURE_MODEL, '--png', png]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Attention pattern of head 0.1 (layer.head)');
    expect(r.stdout).toContain(`PNG written to ${png}`);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('THEN heads on a built-in task prints both tables, JSON with one entry per head, and the PNG', async () => {
    const png = path.join(dir, 'heads.png');
    const r = await runCli(['heads', 'induction-random-tokens', '--n', '8', '--model', FIXTURE_MODEL, '--png', png, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ task: 'induction-random-tokens', n: 8, ablation: 'mean', n_layer: 2, n_head: 4 });
    expect(report.heads).toHaveLength(8);
    expect(report.heads.map((h: { layer: number; head: number }) => `${h.layer}.${h.head}`)).toStrictEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2', '1.3']);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it.each([
    [['attention', 'Hi', '--layer', '5', '--head', '0', '--model', FIXTURE_MODEL], /layer must be 0–1/],
    [['heads', 'no-such-task', '--model', FIXTURE_MODEL], /no-such-task/],
    [['heads', 'induction-random-tokens', '--ablation', 'half', '--model', FIXTURE_MODEL], /argument 'half' is invalid/],
    // it looks inside the model, which only the graph engine can: no other engine is offered and then ignored
    [['heads', 'induction-random-tokens', '--engine', 'transformers', '--model', FIXTURE_MODEL], /argument 'transformers' is invalid. Allowed choices are graph/],
    // a PNG that cannot be written fails before the model runs, naming the option
    [['attention', 'Hi', '--layer', '0', '--head', '0', '--png', path.join(dir, 'no-such-folder', 'a.png'), '--model', FIXTURE_MODEL], /^hunt: cannot write --png .*no-such-folder\/a\.png: ENOENT\n$/],
    [['heads', 'induction-random-tokens', '--png', dir, '--model', FIXTURE_MODEL], /^hunt: cannot write --png .*: EISDIR \(a folder; name a file\)\n$/],
  ])('WHEN run as %j THEN it prints one clear line and exits non-zero, with no stack trace', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
