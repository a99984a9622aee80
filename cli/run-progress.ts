import cliProgress from 'cli-progress';

export interface RunProgress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr for a long series of model runs (patching grids): drawn only on a
 * terminal, so pipes and `--json` output stay clean.
 */
export function createRunProgress(label: string, stream: NodeJS.WriteStream = process.stderr): RunProgress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({ stream, format: `${label} [{bar}] {value}/{total} runs · {eta_formatted} left`, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
