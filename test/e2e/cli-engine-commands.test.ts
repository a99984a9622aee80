import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, fixtureEngine } from '../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../helpers/run-cli.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';
const M = ['--model', FIXTURE_MODEL];

describe('GIVEN the fixture model on the command line', () => {
  it('THEN `hunt complete --json` prints the documented shape with the engine’s numbers', async () => {
    const { code, stdout } = await runCli(['complete', IOI, '--top', '3', '--tokens', '4', '--json', ...M]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['bos', 'prompt_tokens', 'top', 'continuation']));
    expect(report.bos).toBe(true);
    expect(report.top).toHaveLength(3);
    expect(Object.keys(report.top[0]).sort()).toStrictEqual(['id', 'logit', 'logprob', 'prob', 'text']);
    const [direct] = await (await fixtureEngine()).nextTokens([IOI], { topK: 3 });
    expect(report.top.map((t: { id: number }) => t.id)).toStrictEqual(direct.top.map((t) => t.id));
    expect(report.prompt_tokens.map((t: { id: number }) => t.id)).toStrictEqual(direct.prompt_tokens.map((t) => t.id));
    expect(report.continuation_tokens).toHaveLength(4);
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
    const direct = await (await fixtureEngine()).score(IOI, [' John', ' Mary']);
    expect(report.logit_diff).toBeCloseTo(direct.logit_diff!, 6);
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
      // no network here anyway; an unroutable proxy makes the failure fast and certain elsewhere too
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/could not load model "Xenova\/gpt2" from the Hugging Face hub/);
    expect(stderr).toMatch(/point --model \(or HUNT_MODEL\) at a local folder/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
