import cliProgress from 'cli-progress';

/** runs shorter than this finish before a bar would be worth drawing */
const SHOW_AFTER_MS = 1_000;

/**
 * Time left, from the rate so far: "…" until there is a rate to go by (cli-progress would
 * print "INF"), then "12s", "3m05s" or "1h02m".
 *
 * @example etaText(50, 200, 10_000) // '30s'
 * @example etaText(0, 200, 10_000) // '…'
 */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (done <= 0 || elapsedMs <= 0) return '…';
  const seconds = Math.max(0, Math.round(((total - done) * elapsedMs) / done / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * What an evaluation's bar says: the task's prompts are scored first, then their controls,
 * so `done` counts prompts up to `prompts` and controls after that.
 *
 * @example progressCounts(230, 380, 200) // 'prompts 200/200 · controls 30/180'
 * @example progressCounts(120, 200, undefined) // 'prompts 120/200'
 */
export function progressCounts(done: number, total: number, prompts: number | undefined): string {
  if (prompts === undefined || prompts >= total) return `prompts ${done}/${total}`;
  return `prompts ${Math.min(done, prompts)}/${prompts} · controls ${Math.max(0, done - prompts)}/${total - prompts}`;
}

/** A bar on stderr: drawn only on a terminal, and only once a run has taken more than a second. */
function lazyBar(stream: NodeJS.WriteStream) {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(label: string, done: number, total: number, counts: string) {
      if (!stream.isTTY) return;
      const payload = { task: label, counts, eta: etaText(done, total, Date.now() - started) };
      if (!bar) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        bar = new cliProgress.SingleBar({ stream, format: '{task} [{bar}] {counts} · {eta} left', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done, payload);
        return;
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

export interface TaskProgress {
  /** the onProgress callback for one task's run: `prompts` of the `total` are the task's own, the rest controls */
  forTask(label: string): (done: number, total: number, prompts?: number) => void;
  stop(): void;
}

/**
 * A progress bar on stderr for long evaluations: drawn only on a terminal, and only once a run
 * has taken more than a second, so quick runs, pipes and `--json` output stay clean.
 */
export function createTaskProgress(stream: NodeJS.WriteStream = process.stderr): TaskProgress {
  const bar = lazyBar(stream);
  return {
    forTask: (label) => (done, total, prompts) => bar.update(label, done, total, progressCounts(done, total, prompts)),
    stop: () => bar.stop(),
  };
}

/** A progress bar for a run of `unit`s (e.g. the heads `hunt heads` ablates one by one). */
export function createStepProgress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; stop(): void } {
  const bar = lazyBar(stream);
  return { update: (done, total) => bar.update(label, done, total, `${done}/${total} ${unit}`), stop: () => bar.stop() };
}
