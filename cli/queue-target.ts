import { InputError } from '../common/errors.ts';
import { DEFAULT_MODEL, modelIdOf, resolveModelSource } from '../models/model-source.ts';
import { modelIdProblem, queueNameFor, type QueueConfig } from '../queue/queue-config.ts';

/** Which queue a producer's job goes to, and how to start a worker that serves it. */
export interface QueueTarget {
  /** the model id workers report, e.g. `local:tiny-gpt2` */
  model: string;
  /** the BullMQ queue name (queueNameFor) */
  queue: string;
  /** the `hunt worker` command line that serves this queue */
  workerCommand: string;
}

/**
 * Resolve `--model` exactly as `hunt worker` does: a folder becomes `local:<folder name>`, a
 * hub id stays itself (and so does a worker-reported id such as `local:tiny-gpt2`). Without
 * `--model`, HUNT_MODEL as the worker reads it, else the queue's default model.
 *
 * @example queueTarget('test/fixtures/tiny-gpt2', config) // { model: 'local:tiny-gpt2', queue: 'model@local%3Atiny-gpt2', … }
 */
export function queueTarget(spec: string | undefined, config: QueueConfig, connection: { redisUrl?: string; prefix?: string } = {}, env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const given = spec ?? (env.HUNT_MODEL || undefined);
  // Only the model spec matters for the queue: an unrelated HUNT_DTYPE must not fail an enqueue.
  const model = given === undefined ? config.defaultModel : modelIdOf(resolveModelSource({ model: given }, {}));
  const problem = modelIdProblem(model);
  if (problem) throw new InputError('bad_option', `model ${problem}`);
  // The spec as the user wrote it serves the same queue; a `local:` id names no folder, so say which.
  const served = given ?? model;
  const modelArg = served.startsWith('local:') ? `<the folder named ${served.slice('local:'.length)}>` : shellWord(served);
  const workerArgs = ['hunt worker', ...(served === DEFAULT_MODEL && given === undefined ? [] : [`--model ${modelArg}`])];
  if (connection.redisUrl) workerArgs.push(`--redis-url ${shellWord(connection.redisUrl)}`);
  if (connection.prefix) workerArgs.push(`--prefix ${shellWord(connection.prefix)}`);
  return { model, queue: queueNameFor(model, config), workerCommand: workerArgs.join(' ') };
}

/** A word as a shell would read it back: quoted only when it must be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
