import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_MODEL } from '../../models/model-source.ts';
import { deletePrefix, freshQueueConfig, spawnWorker, type WorkerProcess } from '../helpers/queue-harness.ts';
import { BIN } from '../helpers/run-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const OFFLINE_MODEL = '--model test/fixtures/tiny-gpt2';

/** Examples that run offline but need input the reader brings; each must still be in the README. */
const NEEDS_INPUT: Record<string, string> = {
  'npx hunt mine acronym --corpus corpus.txt --out acronym.jsonl --model test/fixtures/tiny-gpt2': 'the reader\'s corpus.txt',
  'npx hunt discover --corpus spans.txt --model test/fixtures/tiny-gpt2 --examples 1': "a corpus of repeated spans (test/helpers/discover-corpora.ts)",
  'npx hunt discover --corpus spans.txt --model test/fixtures/tiny-gpt2 --emit-task induction-word-word > task.yaml': 'the same corpus',
  'npx hunt eval task.yaml --model test/fixtures/tiny-gpt2': 'the task file the line before writes',
  'npx hunt enqueue mine acronym --corpus corp/ --shard-size 1 --model test/fixtures/tiny-gpt2 --out acronym.jsonl --wait':
    "the reader's folder corp/ and a `hunt worker --mine` running (test/integration/queue/mine-queue.test.ts runs this path)",
};

interface Example {
  command: string;
  /** a transcript's printed output; undefined for a plain command line */
  output?: string;
}

/** Every `hunt` command the README shows: `$ npx hunt …` transcripts with their output, and command lines. */
function readmeExamples(): Example[] {
  const examples: Example[] = [];
  for (const [, body] of README.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith('$ ')) {
        const output: string[] = [];
        while (i + 1 < lines.length && !lines[i + 1].startsWith('$ ')) output.push(lines[++i]);
        examples.push({ command: line.slice(2).replace(/\s+#.*$/, ''), output: output.join('\n').trimEnd() });
      } else if (/^(npx )?hunt /.test(line)) {
        examples.push({ command: line.replace(/\s+#\s.*$/, '').trim() });
      }
    }
  }
  return examples;
}

/** Run a README command line through the shell, as a reader pastes it, with `hunt` as this checkout's binary. */
function runLine(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const line = command.replace(/^(npx )?hunt /, '');
  return new Promise((resolve) => {
    execFile('bash', ['-c', `hunt() { "${process.execPath}" "${BIN}" "$@"; }; hunt ${line}`], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// `hunt result <job id>` fetches what the fixture's worker ran, so it counts as offline too.
const offline = readmeExamples().filter((e) => (e.command.includes(OFFLINE_MODEL) || e.command.startsWith('hunt result ')) && !(e.command in NEEDS_INPUT));

describe("the README's examples that need no network run as written", () => {
  test('GIVEN the README THEN it holds offline examples, and every one skipped for its input is still there', () => {
    expect(offline.length).toBeGreaterThanOrEqual(6);
    const all = readmeExamples().map((e) => e.command);
    for (const skipped of Object.keys(NEEDS_INPUT)) expect(all).toContain(skipped);
  });

  test.each(offline.filter((e) => e.output !== undefined).map((e) => [e.command, e] as const))('GIVEN the transcript `%s` THEN it prints what the README shows', async (_, example) => {
    const result = await runLine(example.command, {});
    expect({ code: result.code, stderr: result.stderr }).toStrictEqual({ code: 0, stderr: '' });
    expect(result.stdout.trimEnd()).toBe(example.output);
  });

  describe('the queue example, against a worker started as the README starts it', () => {
    const config = { ...freshQueueConfig(), defaultModel: DEFAULT_MODEL };
    const env = { HUNT_QUEUE_PREFIX: config.prefix, REDIS_URL: config.redisUrl, HUNT_DEFAULT_MODEL: '', HUNT_MODEL: '', DATABASE_URL: '' };
    const lines = offline.filter((e) => e.output === undefined);
    let worker: WorkerProcess | undefined;
    afterAll(async () => {
      worker?.child.kill('SIGTERM');
      await worker?.exited;
      await deletePrefix(config.prefix);
    });

    test('GIVEN `hunt worker …` and the `hunt enqueue` / `hunt result` lines after it THEN each runs and prints its result', async () => {
      const start = lines.find((e) => e.command.startsWith('hunt worker '))!;
      expect(start.command).toBe(`hunt worker ${OFFLINE_MODEL}`);
      worker = spawnWorker(config, start.command.split(' ').slice(2), env);
      await worker.waitForLog('worker ready');
      let lastJobId = '';
      const ran: string[] = [];
      for (const { command } of lines.filter((e) => e !== start)) {
        const result = await runLine(command.replace('<job id>', lastJobId), env);
        expect({ command, code: result.code, stderr: result.stderr }).toStrictEqual({ command, code: 0, stderr: '' });
        if (/--json/.test(command)) expect(JSON.parse(result.stdout).model).toBe('local:tiny-gpt2');
        else if (/--wait|^hunt result/.test(command)) expect(result.stdout).toMatch(/^(Model: local:tiny-gpt2|│ task)|local:tiny-gpt2/m);
        else lastJobId = result.stdout.trim();
        ran.push(command.split(' ').slice(0, 2).join(' '));
      }
      expect(ran).toStrictEqual(['hunt enqueue', 'hunt enqueue', 'hunt enqueue', 'hunt enqueue', 'hunt result']);
      expect(lastJobId).toMatch(/^tokens-[0-9a-f]{32}$/);
    });
  });
});
