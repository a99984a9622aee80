import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { QueueConfig } from '../../queue/queue-config.ts';
import { FIXTURE_MODEL, FIXTURE_MODEL_ID } from './fixture-model.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/hunt.mjs');

/**
 * A queue of its own: a fresh key prefix, so runs and tests never see each other's jobs.
 * The fixture is the default model, so its workers take the plain queue, as a deployment's do.
 */
export function freshQueueConfig(): QueueConfig {
  return { redisUrl: TEST_REDIS_URL, prefix: `test-${randomUUID().slice(0, 8)}`, defaultModel: FIXTURE_MODEL_ID };
}

/** Delete every key under the prefix (jobs, events, quota counters). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** How many times the events stream says a job completed: "recorded once" means 1. */
export async function completedEvents(prefix: string, queueName: string, jobId: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const entries = await redis.xrange(`${prefix}:${queueName}:events`, '-', '+');
    return entries.filter(([, fields]) => {
      const f = Object.fromEntries(fields.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])));
      return f.event === 'completed' && f.jobId === jobId;
    }).length;
  } finally {
    redis.disconnect();
  }
}

/** The events a queue's stream recorded for one job, in order ("added", "waiting", "active", "failed", …). */
export async function jobEvents(prefix: string, queueName: string, jobId: string): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const entries = await redis.xrange(`${prefix}:${queueName}:events`, '-', '+');
    return entries.flatMap(([, fields]) => {
      const f = Object.fromEntries(fields.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])));
      return f.jobId === jobId ? [f.event] : [];
    });
  } finally {
    redis.disconnect();
  }
}

/** A logger that keeps quiet unless a test is being debugged (LOG_LEVEL=debug). */
export function testLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'silent' });
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** everything the worker wrote to stderr so far (pino JSON lines and hunt: notices) */
  logs(): string;
  /** resolves with the exit code (null when killed by a signal) and the signal */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** wait until a log line contains `text` */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
}

/** Run `hunt worker` as a real process on the fixture model (or the `--model` in args), as a deployment would. */
export function spawnWorker(config: QueueConfig, args: string[] = [], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--prefix', config.prefix, '--redis-url', config.redisUrl, '--model', FIXTURE_MODEL, ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'debug', HUNT_DEFAULT_MODEL: config.defaultModel, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid!,
    logs: () => output,
    exited,
    waitForLog(text, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`worker did not log "${text}" within ${timeoutMs} ms; it logged:\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`worker exited before logging "${text}"; it logged:\n${output}`));
          }
        });
        check();
      });
    },
  };
}

/** Whether a process is still running (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Poll until `condition` holds. */
export async function eventually(condition: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/**
 * Deep equality where numbers may differ by float rounding: a job run in a padded batch
 * gives logits within ~1e-5 of a single run (see the fixture's README).
 */
export function closeTo(actual: unknown, expected: unknown, tolerance = 1e-4, where = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= tolerance * scale || (Number.isNaN(actual) && Number.isNaN(expected)) ? [] : [`${where}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${where}: length ${Array.isArray(actual) ? actual.length : typeof actual} ≠ ${expected.length}`];
    return expected.flatMap((e, i) => closeTo(actual[i], e, tolerance, `${where}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${where}: ${JSON.stringify(actual)} is not an object`];
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) => closeTo((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerance, `${where}.${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${where}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}
