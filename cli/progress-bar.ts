import cliProgress from 'cli-progress';

/** runs shorter than this finish before a bar would be worth drawing */
const SHOW_AFTER_MS = 1_000;

export interface TaskProgress {
  /** the onProgress callback for one task's run */
  forTask(label: string): (done: number, total: number) => void;
  stop(): void;
}

/**
 * A progress bar on stderr for long runs: drawn only on a terminal, and only once a run has
 * taken more than a second, so quick runs, pipes and `--json` output stay clean.
 */
export function createTaskProgress(stream: NodeJS.WriteStream = process.stderr): TaskProgress {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    forTask(label) {
      return (done, total) => {
        if (!stream.isTTY) return;
        if (!bar) {
          if (Date.now() - started < SHOW_AFTER_MS) return;
          bar = new cliProgress.SingleBar(
            { stream, format: '{task} [{bar}] {value}/{total} prompts · {eta_formatted} left', hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done, { task: label });
          return;
        }
        bar.setTotal(total);
        bar.update(done, { task: label });
      };
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
