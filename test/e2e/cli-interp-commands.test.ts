import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FIXTURE_MODEL } from '../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-interp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const INDUCTION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/fixture-induction/fixture-induction.json');
const MODEL = ['--model', FIXTURE_MODEL];
/** Spawning the CLI loads tsx and the model: generous under a loaded CI machine, ~20 s on an idle one */
vi.setConfig({ testTimeout: 240_000 });
const isPng = (file: string) => readFileSync(file).subarray(1, 4).toString() === 'PNG';

describe('GIVEN the interpretability commands on the fixture', () => {
  it('THEN lens, patch, head-scores and ablate print their JSON and write their PNGs', async () => {
    const files = ['lens', 'patch', 'scores'].map((f) => path.join(dir, `${f}.png`));
    const [lens, patch, scores, ablate] = await Promise.all([
      runCli(['lens', ' pot whole enough people higher results', '-a', ' control', '--json', '--png', files[0], ...MODEL]),
      runCli(['patch', INDUCTION, '--n', '6', '--what', 'heads,resid', '--positions', 'last', '--json', '--png', files[1], ...MODEL]),
      runCli(['head-scores', '--n', '3', '--length', '6', '--json', '--png', files[2], ...MODEL]),
      runCli(['ablate', INDUCTION, '--n', '6', '--heads', '1.1', '--keep', '--mode', 'zero', '--json', ...MODEL]),
    ]);
    for (const r of [lens, patch, scores, ablate]) expect(r.stderr).toBe('');
    const l = JSON.parse(lens.stdout);
    expect(l.layers.map((x: { layer: string }) => x.layer)).toStrictEqual(['embed', 'L0', 'L1']);
    expect(l.answer.token.text).toBe(' control');
    const p = JSON.parse(patch.stdout);
    expect(p.metric).toBe('answer_logprob');
    expect(p.grids.map((g: { what: string; restored: number[][] }) => [g.what, g.restored.length, g.restored[0].length])).toStrictEqual([
      ['heads', 2, 4],
      ['resid', 2, 1],
    ]);
    expect(p.grids[1].positions).toStrictEqual([15]);
    const s = JSON.parse(scores.stdout);
    expect(Object.keys(s.scores)).toStrictEqual(['previous_token', 'duplicate_token', 'induction']);
    const a = JSON.parse(ablate.stdout);
    expect([a.selection, a.ablated_heads, a.mode]).toStrictEqual(['keep', 7, 'zero']);
    for (const f of files) expect(isPng(f)).toBe(true);
  });
});

describe('GIVEN bad input to the interpretability commands', () => {
  const noControl = path.join(dir, 'no-control.json');
  writeFileSync(noControl, JSON.stringify({ id: 'no-control', title: 'no controls', pairs: [{ prompt: ' a b c a b', answer: ' c' }] }));
  it.each([
    ['a task without controls', ['patch', noControl, ...MODEL], /^hunt: task no-control has no control prompts, and patching needs a clean and a corrupted prompt/],
    ['a position outside the prompts', ['patch', INDUCTION, '--n', '2', '--positions', '40', ...MODEL], /^hunt: position 40 is outside the prompts: they are 16 tokens wide/],
    ['an unknown --what', ['patch', INDUCTION, '--what', 'neurons', ...MODEL], /^hunt: --what must be one or more of resid, attn, mlp, heads/],
    ['a head out of range', ['ablate', INDUCTION, '--heads', '0.1,5.0', ...MODEL], /^hunt: no head 5\.0: layers are 0–1, heads 0–3/],
    ['a prompt over the context', ['lens', ' word'.repeat(1100), ...MODEL], /^hunt: the prompt " word word.*" is 1100 tokens \(\+1 for <\|endoftext\|>\), over the model's context of 1024/],
  ])('WHEN given %s THEN it fails with one clear line', async (_what, args, message) => {
    const r = await runCli(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
