import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../../tasks/builtin/index.ts';
import type { EvalReport } from '../../../tasks/eval-report.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-eval-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hunt eval', () => {
  it('GIVEN a task and --json THEN the documented report comes back', async () => {
    const { code, stdout, stderr } = await runCli(['eval', 'induction', '--model', FIXTURE_MODEL, '--n', '60', '--seed', '4', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvalReport;
    expect(Object.keys(report).sort()).toStrictEqual(
      [
        'available', 'baselines', 'bos', 'ci', 'confidence', 'control', 'distractors', 'duplicates_removed', 'effect', 'evidence', 'failures',
        'first_token_metrics', 'gate', 'logit_diff', 'metrics', 'mismatches', 'model', 'n', 'reproduce', 'scored', 'seed', 'small_n', 'status',
        'task', 'test_unit', 'title', 'truncated', 'units', 'verdict', 'verdict_reason', 'verdict_upper', 'worst',
      ],
    );
    expect(report.baselines.map((b) => b.name)).toStrictEqual(['copier', 'unigram']);
    expect(report.reproduce).toMatchObject({ engine: 'transformers', model: 'local:tiny-gpt2', seed: 4, n: 60 });
    expect(report.reproduce!.model_revision).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(Object.keys(report.metrics).sort()).toStrictEqual(['mean_prob', 'median_prob', 'median_rank', 'top1', 'top5']);
    expect(Object.keys(report.control!).sort()).toStrictEqual(['generic', 'lift', 'mean_prob', 'median_prob', 'median_rank', 'n', 'top1', 'top5']);
    expect(report.control!.generic).toBe(0);
    expect([report.task, report.n, report.seed, report.bos, report.model]).toStrictEqual(['induction-random-tokens', 60, 4, true, 'local:tiny-gpt2']);
    expect(report.worst).toHaveLength(5);
    // the CLI passes --n and --seed through unchanged: it prints exactly what the library computes
    const direct = await evaluateTask(await fixtureEngine(), findBuiltinTask('induction')!, { n: 60, seed: 4 });
    expect(JSON.parse(JSON.stringify({ ...report, reproduce: undefined }))).toStrictEqual(JSON.parse(JSON.stringify(direct)));
  });

  it('GIVEN a task THEN people get the verdict line first, then the figures, the baselines and the worst prompts', async () => {
    const { code, stdout } = await runCli(['eval', 'ioi', '--model', FIXTURE_MODEL, '--n', '40', '--no-bos']);
    expect(code).toBe(0);
    expect(stdout).toContain('Task: ioi — Indirect object identification (known)');
    expect(stdout).toContain('<|endoftext|> not prepended');
    expect(stdout).toMatch(/beats distractor/);
    expect(stdout.split('\n')[0]).toMatch(/^Verdict: NONE(, at most \w+)? — each figure at 95% confidence; gate p /);
    const at = (text: string) => stdout.indexOf(text);
    expect(at('Effect of the cue')).toBeGreaterThan(0);
    expect(at('Baselines (')).toBeGreaterThan(at('Effect of the cue'));
    expect(at('Worst prompts (lowest P(expected)):')).toBeGreaterThan(at('Baselines ('));
  });

  it('GIVEN --all THEN every built-in task is a row of one table', async () => {
    const { code, stdout } = await runCli(['eval', '--all', '--model', FIXTURE_MODEL, '--n', '6']);
    expect(code).toBe(0);
    expect(stdout).toContain('p (Holm)');
    const rows = stdout.split('\n').filter((line) => BUILTIN_TASKS.some((t) => line.startsWith(`│ ${t.id} `)));
    expect(rows).toHaveLength(BUILTIN_TASKS.length);
  });

  it('GIVEN --instances THEN those prompts are evaluated and compared with what really followed', async () => {
    const file = path.join(dir, 'mined.jsonl');
    const instances = findBuiltinTask('citation-number')!.generate(seededRng(3), 12);
    writeFileSync(file, instances.map((i, k) => JSON.stringify({ prompt: i.prompt, actual: k < 9 ? `${i.meta!.expected}]` : 'x]' })).join('\n'));
    const { code, stdout } = await runCli(['eval', 'citation-number', '--model', FIXTURE_MODEL, '--instances', file, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvalReport;
    expect([report.n, report.scored]).toStrictEqual([12, 12]);
    expect(report.actual_agreement).toMatchObject({ n: 12, share: 9 / 12 });
  });

  it('GIVEN --list THEN the built-in tasks are listed with their status', async () => {
    const { code, stdout } = await runCli(['eval', '--list']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(BUILTIN_TASKS.length);
    expect(stdout).toMatch(/^greater-than\s+proposed\s+Greater-than on years$/m);
  });

  it.each([
    ['an unknown task', ['eval', 'no-such-task'], 2, 'hunt: no built-in task "no-such-task"'],
    ['no task and no --all', ['eval'], 2, 'hunt: give a task to evaluate'],
    ['a bad task file', ['eval', '__BAD__'], 2, '__BAD__: template: slot {B} has no filler list'],
    // commander rejects it while parsing, with its own exit code
    ['a bad --n', ['eval', 'ioi', '--n', '0'], 1, 'n must be a whole number ≥ 1'],
  ])('GIVEN %s THEN it fails with a line naming the problem and no stack trace', async (_, args, exitCode, message) => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: bad\ntitle: Bad\ntemplate: "{A} met {B}"\nslots: { A: [x] }\nexpected: " {A}"\n');
    const { code, stdout, stderr } = await runCli(args.map((a) => a.replace('__BAD__', bad)));
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr).toContain(message.replace('__BAD__', bad));
    expect(hasStackTrace(stderr)).toBe(false);
  });
});
