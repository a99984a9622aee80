import { existsSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { InputError, OutageError } from '../../common/errors.ts';
import { instanceLines } from '../../corpus/mine-corpus.ts';
import { DEFAULT_SHARD_BYTES, parseByteSize } from '../../corpus/shard-plan.ts';
import { prepareMineRun, queueMineRun, waitForMine, type MineRunProgress } from '../../queue/mine-flow.ts';
import { MINE_QUEUE } from '../../queue/mine-job-schemas.ts';
import type { JobInput } from '../../queue/job-schemas.ts';
import { resolveQueueConfig } from '../../queue/queue-config.ts';
import { probeRedis } from '../../queue/redis-probe.ts';
import { connectWithRetry } from '../../common/connect-retry.ts';
import { positiveNumber } from '../options.ts';
import { checkOutputFile } from '../output-file.ts';
import { awaitWorker } from '../worker-presence.ts';
import { addMineScanOptions, formatMine, type MineScanCliOptions } from './mine-command.ts';

interface EnqueueMineCliOptions extends MineScanCliOptions {
  redisUrl?: string;
  prefix?: string;
  shardSize: number;
  wait?: boolean;
  timeout: number;
}

/** A shards bar on stderr while a terminal watches: shards done of all, megabytes and MB/s. */
function shardsBar(): { update(p: MineRunProgress, seconds: number): void; stop(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'mining {bar} {value}/{total} shards | {mb} MB | {rate} MB/s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p, seconds) {
      const payload = { mb: (p.bytesDone / 1e6).toFixed(1), rate: (p.bytesDone / 1e6 / Math.max(seconds, 1e-3)).toFixed(1) };
      if (!started) bar.start(p.shardsTotal, p.shardsDone, payload);
      started = true;
      bar.update(p.shardsDone, payload);
    },
    stop: () => started && bar.stop(),
  };
}

/** The tokenizer as the workers will find it: a local folder by its absolute path, a hub id as given. */
function tokenizerSpec(model: string | undefined): string | undefined {
  const given = model ?? (process.env.HUNT_MODEL || undefined);
  return given !== undefined && existsSync(given) ? path.resolve(given) : given;
}

/** A task argument as `hunt enqueue evaluate` reads it: a built-in id, or a task file's content. */
type TaskRefOf = (spec: string) => JobInput<'evaluate'>['task'];

/**
 * `hunt enqueue mine <task> --corpus …`: the corpus split into shards of files on the queue,
 * scanned by any number of `hunt worker --mine`, merged into one report; with --wait, the
 * report is printed (and the instances written to --out) as `hunt mine` would.
 */
export function enqueueMineCommand(taskRef: TaskRefOf): Command {
  const command = new Command('mine')
    .description('mine a corpus on the queue (as `hunt mine`): its files split into shards that `hunt worker --mine` processes scan in parallel, merged into one report')
    .addOption(
      new Option('--shard-size <size>', 'files are grouped into shards of at least this size on disk, e.g. 64MB, 512KB (a bigger file is a shard alone)')
        .argParser(parseByteSize)
        .default(DEFAULT_SHARD_BYTES, `${DEFAULT_SHARD_BYTES / 1024 ** 2}MB`),
    )
    .option('--redis-url <url>', 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'queue key prefix (env HUNT_QUEUE_PREFIX; default hunt)')
    .option('--wait', 'wait for the merged report and print it (and write --out), with a progress bar of shards')
    .option('--timeout <s>', 'with --wait: give up waiting after this long', positiveNumber('timeout'), 24 * 3600);
  return addMineScanOptions(command).action(async (task: string, o: EnqueueMineCliOptions) => {
    // bad input is one line before Redis is asked anything (never an outage)
    if (o.out && !o.wait) {
      throw new InputError('bad_option', '--out is written by this command when the merged report arrives: give --wait too (without it, `hunt result <id>` prints the report later)');
    }
    if (o.out) checkOutputFile('--out', o.out);
    const config = resolveQueueConfig({ redisUrl: o.redisUrl, prefix: o.prefix });
    const prepared = await prepareMineRun({
      settings: {
        task: taskRef(task),
        regex_engine: o.regexEngine,
        regex_budget_ms: o.regexBudget,
        tokens: o.tokens,
        model: tokenizerSpec(o.model),
        cache_dir: o.cacheDir,
        write_instances: o.out !== undefined,
        max_per_doc: o.maxPerDoc,
        seed: o.seed,
        text_field: o.textField,
        txt_documents: o.txtDocuments,
      },
      corpus: o.corpus,
      shardBytes: o.shardSize,
      examples: o.examples,
      sample: o.sample,
      out: o.out,
    });
    await connectWithRetry(() => probeRedis(config.redisUrl));
    const run = await queueMineRun(config, prepared);
    if (!o.wait) {
      console.log(o.json ? JSON.stringify(run) : `${run.id} (${run.shards} shard${run.shards === 1 ? '' : 's'} of ${run.corpus}); \`hunt result ${run.id}\` prints its report once merged`);
      return;
    }
    if (!(await awaitWorker(config, MINE_QUEUE))) {
      throw new OutageError(`no worker serves the mine queue; start one with \`hunt worker --mine\`. Job ${run.id} stays queued`);
    }
    const bar = o.json ? undefined : shardsBar();
    const started = performance.now();
    let result;
    try {
      result = await waitForMine(config, run.id, { timeoutMs: o.timeout * 1000, onProgress: (p) => bar?.update(p, (performance.now() - started) / 1000) });
    } finally {
      bar?.stop();
    }
    if (o.out) {
      // tmp + rename: a reader never sees half a file
      await writeFile(`${o.out}.tmp`, instanceLines(result.instances ?? []));
      await rename(`${o.out}.tmp`, o.out);
    }
    console.log(o.json ? JSON.stringify(result.report, null, 2) : formatMine(result.report));
  });
}
