import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeReport } from '../../reports/complete-report.ts';
import { scoreReport } from '../../reports/score-report.ts';
import { tokensReport } from '../../reports/tokens-report.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../helpers/fixture-model.ts';
import { closeTo } from '../helpers/queue-harness.ts';
import { BIN, hasStackTrace, runCli } from '../helpers/run-cli.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';
const M = ['--model', FIXTURE_MODEL];

describe('GIVEN the fixture model on the command line', () => {
  it('THEN `hunt complete --json` prints the documented shape with the engine’s numbers', async () => {
    const { code, stdout } = await runCli(['complete', IOI, '--top', '3', '--tokens', '4', '--json', ...M]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toStrictEqual(['bos', 'continuation', 'continuation_tokens', 'model', 'prompt_tokens', 'sampled', 'top', 'truncated']);
    expect(Object.keys(report.top[0]).sort()).toStrictEqual(['id', 'logit', 'logprob', 'prob', 'text']);
    // every number and token, continuation included, is what the engine computes for the same request
    const direct = await completeReport(await fixtureEngine(), IOI, { top: 3, tokens: 4 });
    expect(closeTo(report, direct)).toStrictEqual([]);
    expect([report.bos, report.top.length, report.continuation_tokens.length, report.sampled]).toStrictEqual([true, 3, 4, false]);
  });

  it('THEN `hunt complete --sample --seed` continues as the engine samples with that seed', async () => {
    const { code, stdout } = await runCli(['complete', IOI, '--tokens', '6', '--sample', '--seed', '3', '--temperature', '0.8', '--json', ...M]);
    expect(code).toBe(0);
    const direct = await completeReport(await fixtureEngine(), IOI, { tokens: 6, sample: true, seed: 3, temperature: 0.8 });
    expect(closeTo(JSON.parse(stdout), direct)).toStrictEqual([]);
  });

  it('THEN `hunt complete` prints the tokenized prompt, a top-k table with visible spaces, and the continuation', async () => {
    const { code, stdout } = await runCli(['complete', IOI, '--top', '3', '--tokens', '2', ...M]);
    expect(code).toBe(0);
    expect(stdout).toContain("<|endoftext|> prepended");
    expect(stdout).toContain("'␣John'");
    expect(stdout).toMatch(/rank.*token.*prob.*logprob.*logit/);
    expect(stdout).toMatch(/Greedy continuation \(2 tokens\)/);
  });

  it('THEN `hunt score --json` gives answers with ids, log-probs, ranks and the logit difference', async () => {
    const { code, stdout } = await runCli(['score', IOI, '--answer', ' John', '--answer', ' Mary', '--json', ...M]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.bos).toBe(true);
    expect(report.answers.map((a: { token_ids: number[] }) => a.token_ids)).toStrictEqual([[1757], [5335]]);
    for (const a of report.answers) expect(Object.keys(a)).toEqual(expect.arrayContaining(['answer', 'token_ids', 'logprob', 'prob', 'rank']));
    expect(closeTo(report, await scoreReport(await fixtureEngine(), IOI, [' John', ' Mary']))).toStrictEqual([]);
  });

  it('THEN `hunt score` with an ambiguous spelling shows what was scored and the other spelling', async () => {
    const { code, stdout } = await runCli(['score', IOI, '-a', 'John', ...M]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/"John" \['John'=7554\]/);
    expect(stdout).toMatch(/alternative: " John" \['␣John'=1757\]/);
  });

  it('THEN `hunt tokens` in both forms gives each token’s log-prob and rank', async () => {
    const json = await runCli(['tokens', 'Hello world', '--json', ...M]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.tokens.map((t: { id: number }) => t.id)).toStrictEqual([15496, 995]);
    expect(Object.keys(report.tokens[0]).sort()).toStrictEqual(['id', 'logprob', 'rank', 'text']);
    expect(closeTo(report, await tokensReport(await fixtureEngine(), 'Hello world'))).toStrictEqual([]);
    const human = await runCli(['tokens', 'Hello world', '--no-bos', ...M]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('not prepended');
    expect(human.stdout).toContain("'␣world'");
  });
});

describe('GIVEN bad input on the command line', () => {
  const longPrompt = ' hello'.repeat(1100);
  it.each([
    ['an empty prompt', ['complete', '', ...M], /prompt is empty/],
    ['an over-long prompt', ['complete', longPrompt, ...M], /over the model's context of 1024/],
    ['an unknown model folder', ['complete', 'Hi', '--model', './no/such/model'], /no model folder at .*no\/such\/model/],
    ['a folder that is not a model', ['complete', 'Hi', '--model', path.dirname(FIXTURE_MODEL)], /is missing config\.json/],
    ['--top 0', ['complete', 'Hi', '--top', '0', ...M], /top must be a whole number ≥ 1/],
    ['a non-number', ['score', 'Hi', '-a', ' x', '--top', 'ten', ...M], /top must be a whole number ≥ 1 \(got "ten"\)/],
    ['no answer to score', ['score', 'Hi', ...M], /give at least one --answer/],
    ['an unknown dtype', ['complete', 'Hi', '--dtype', 'int3', ...M], /Allowed choices are fp32, fp16, q8/],
  ])('WHEN given %s THEN it prints one clear line and exits non-zero, with no stack trace', async (_name, args, message) => {
    const { code, stdout, stderr } = await runCli(args as string[]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message as RegExp);
    expect(hasStackTrace(stderr)).toBe(false);
    expect(stdout).toBe('');
  });

  it('WHEN the hub model cannot be reached THEN it says what was tried and how to use a local copy', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'hunt-cache-'));
    const { code, stderr } = await runCli(['complete', 'Hi', '--model', 'Xenova/gpt2'], {
      HUNT_CACHE_DIR: cache,
      // no network here anyway; a hub endpoint on a closed local port makes the failure fast and certain elsewhere too
      HF_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/could not load model "Xenova\/gpt2" from the hub at http:\/\/127\.0\.0\.1:9: cannot reach it/);
    expect(stderr).toMatch(/point --model \(or HUNT_MODEL\) at a local folder/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});

describe('GIVEN a reader that stops early', () => {
  it('WHEN a long `--json` report is piped into something like `head -1` THEN it stops quietly: exit 0, no EPIPE stack trace', async () => {
    // 301 × 301 attention weights: megabytes of JSON, far more than a pipe buffers
    const child = spawn(process.execPath, [BIN, 'attention', ' hello world'.repeat(150), '--layer', '0', '--head', '0', '--json', ...M], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await once(child.stdout, 'data');
    child.stdout.destroy(); // the reader goes away after the first chunk
    const [code] = await once(child, 'close');
    expect({ code, stderr }).toStrictEqual({ code: 0, stderr: '' });
  });
});
