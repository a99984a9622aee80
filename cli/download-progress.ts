import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { DownloadEvent } from '../models/hub-download.ts';

/** cli-progress, loaded when a bar is first drawn: most runs download nothing, and every run would pay for the import. */
const loadCliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof cliProgress;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/**
 * How a hub download shows on stderr: a bar per file on a terminal; elsewhere (logs, pipes)
 * one line when a file starts and one when it is done, so a first run is never silent.
 */
export function downloadProgress(stream: NodeJS.WriteStream = process.stderr): (event: DownloadEvent) => void {
  let bar: cliProgress.SingleBar | null = null;
  return (event) => {
    if (event.kind === 'start') {
      const size = event.total === undefined ? 'size unknown' : mb(event.total);
      if (!stream.isTTY) {
        stream.write(`hunt: downloading ${event.repo}/${event.file} (${size}) from ${new URL(event.url).origin}\n`);
        return;
      }
      const cliProgress = loadCliProgress();
      bar = new cliProgress.SingleBar({ stream, format: `${event.file} [{bar}] {done} of {size} · {eta}s left`, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
      bar.start(event.total ?? 0, 0, { done: mb(0), size });
    } else if (event.kind === 'progress') {
      bar?.update(event.loaded, { done: mb(event.loaded) });
    } else {
      if (bar) {
        bar.update(event.bytes, { done: mb(event.bytes) });
        bar.stop();
        bar = null;
      } else {
        stream.write(`hunt: downloaded ${event.repo}/${event.file} (${mb(event.bytes)})\n`);
      }
    }
  };
}
