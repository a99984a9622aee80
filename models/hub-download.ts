import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ModelLoadError, OutageError } from '../common/errors.ts';

/** The hub, unless HF_ENDPOINT (the hub's own variable for mirrors and proxies) names another. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** Seconds without a byte from the hub before a download is given up (env HUNT_HUB_TIMEOUT). */
export const DEFAULT_HUB_TIMEOUT_S = 30;

export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
}

/**
 * A file's URL in the hub's layout: `<endpoint>/<repo>/resolve/<revision>/<file>`.
 *
 * @example hubFileUrl('https://huggingface.co', 'Xenova/gpt2', 'onnx/model.onnx') // 'https://huggingface.co/Xenova/gpt2/resolve/main/onnx/model.onnx'
 */
export function hubFileUrl(endpoint: string, repo: string, file: string, revision = 'main'): string {
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

/** What a download reports as it goes: per file, bytes so far and the total when the server says. */
export type DownloadEvent =
  | { kind: 'start'; repo: string; file: string; total?: number; url: string }
  | { kind: 'progress'; repo: string; file: string; loaded: number; total?: number }
  | { kind: 'done'; repo: string; file: string; bytes: number };

export interface HubFile {
  path: string;
  /** absent on the hub → the model cannot load; else it is skipped */
  required: boolean;
}

export interface DownloadOptions {
  repo: string;
  files: HubFile[];
  /** files go to <cacheDir>/<repo>/<file>, where transformers.js keeps them too */
  cacheDir: string;
  endpoint?: string;
  timeoutS?: number;
  onEvent?: (event: DownloadEvent) => void;
  /** HF_TOKEN, for gated or private repositories */
  token?: string;
}

/**
 * Download the files a model needs that the cache lacks, each to a `.part` file renamed
 * when complete (an interrupted download is never mistaken for a file). A file already in
 * the cache is not asked for: a second run needs no network. Returns the model's folder.
 * Failures are one line each: a missing file (permanent), or the hub out of reach, failing
 * or silent (outages).
 */
export async function downloadHubFiles(options: DownloadOptions): Promise<string> {
  const endpoint = (options.endpoint ?? hubEndpoint()).replace(/\/+$/, '');
  const timeoutS = options.timeoutS ?? (Number(process.env.HUNT_HUB_TIMEOUT) || DEFAULT_HUB_TIMEOUT_S);
  const folder = path.join(options.cacheDir, options.repo);
  const token = options.token ?? process.env.HF_TOKEN;
  // Everything required is cached: no request at all (optional files the hub lacked stay absent).
  if (options.files.every((f) => !f.required || existsSync(path.join(folder, f.path)))) return folder;
  for (const file of options.files) {
    const target = path.join(folder, file.path);
    if (existsSync(target)) continue;
    const url = hubFileUrl(endpoint, options.repo, file.path);
    const got = await fetchFile(url, target, { repo: options.repo, file: file.path, endpoint, timeoutS, token, onEvent: options.onEvent });
    if (got === 'missing' && file.required) {
      throw new ModelLoadError(`the hub at ${endpoint} has no ${file.path} in "${options.repo}" (404): check the model id (hunt needs ${options.files.filter((f) => f.required).map((f) => f.path).join(', ')}), or point --model (or HUNT_MODEL) at a local folder`);
    }
  }
  return folder;
}

const outage = (message: string) => new OutageError(message);

async function fetchFile(
  url: string,
  target: string,
  ctx: { repo: string; file: string; endpoint: string; timeoutS: number; token?: string; onEvent?: (event: DownloadEvent) => void },
): Promise<'written' | 'missing'> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The clock restarts with every chunk: a slow download goes on, a silent server does not.
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), ctx.timeoutS * 1000);
  };
  const silent = () => outage(`no answer from the hub at ${ctx.endpoint} for ${ctx.repo}/${ctx.file} within ${ctx.timeoutS} s (HUNT_HUB_TIMEOUT); try again, or set HF_ENDPOINT to a mirror`);
  const part = `${target}.${process.pid}.part`;
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, headers: ctx.token ? { authorization: `Bearer ${ctx.token}` } : {} });
    } catch (err) {
      if (controller.signal.aborted) throw silent();
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
      throw outage(`could not load model "${ctx.repo}" from the hub at ${ctx.endpoint}: cannot reach it (${cause}); check the network, set HF_ENDPOINT to a mirror, or point --model (or HUNT_MODEL) at a local folder`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return 'missing';
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new ModelLoadError(`the hub at ${ctx.endpoint} refused ${ctx.repo}/${ctx.file} (${response.status}): a gated or private model needs HF_TOKEN`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw outage(`the hub at ${ctx.endpoint} answered ${response.status} ${response.statusText} for ${ctx.repo}/${ctx.file}; try again later, or point --model (or HUNT_MODEL) at a local folder`);
    }
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    ctx.onEvent?.({ kind: 'start', repo: ctx.repo, file: ctx.file, total, url });
    mkdirSync(path.dirname(target), { recursive: true });
    const out = createWriteStream(part);
    let loaded = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        loaded += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        ctx.onEvent?.({ kind: 'progress', repo: ctx.repo, file: ctx.file, loaded, total });
      }
    } catch (err) {
      out.destroy();
      if (controller.signal.aborted) throw silent();
      throw outage(`the download of ${ctx.repo}/${ctx.file} from ${ctx.endpoint} broke off after ${loaded} bytes (${err instanceof Error ? err.message : String(err)}); run again to retry`);
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (total !== undefined && loaded !== total) {
      throw outage(`the download of ${ctx.repo}/${ctx.file} from ${ctx.endpoint} stopped at ${loaded} of ${total} bytes; run again to retry`);
    }
    renameSync(part, target);
    ctx.onEvent?.({ kind: 'done', repo: ctx.repo, file: ctx.file, bytes: loaded });
    return 'written';
  } finally {
    clearTimeout(timer);
    rmSync(part, { force: true });
  }
}
