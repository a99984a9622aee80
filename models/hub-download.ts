import { createWriteStream, existsSync, mkdirSync, openSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { InputError, ModelLoadError, OutageError } from '../common/errors.ts';

/** The hub, unless HF_ENDPOINT (the hub's own variable for mirrors and proxies) names another. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** Seconds without a byte from the hub before a download is given up (env HUNT_HUB_TIMEOUT). */
export const DEFAULT_HUB_TIMEOUT_S = 30;

/**
 * The hub's base URL, checked: a value that is not an http(s) URL is a configuration error
 * to fix, not a hub that cannot be reached (fetch would fail on it as on a network outage).
 *
 * @example hubEndpoint({ HF_ENDPOINT: 'http://mirror.local:8080/' }) // 'http://mirror.local:8080'
 */
export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return checkedEndpoint(env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT);
}

function checkedEndpoint(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // `mirror.local:8080` parses, as a URL whose scheme is `mirror.local:`
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError('bad_option', `HF_ENDPOINT must be the hub's base URL, http:// or https:// (e.g. https://huggingface.co or http://mirror.local:8080); got "${value}"`);
  }
  return value.replace(/\/+$/, '');
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
  const folder = path.join(options.cacheDir, options.repo);
  // Everything required is cached: no request at all (optional files the hub lacked stay absent).
  if (options.files.every((f) => !f.required || existsSync(path.join(folder, f.path)))) return folder;
  const endpoint = options.endpoint === undefined ? hubEndpoint() : checkedEndpoint(options.endpoint);
  const timeoutS = options.timeoutS ?? (Number(process.env.HUNT_HUB_TIMEOUT) || DEFAULT_HUB_TIMEOUT_S);
  const token = options.token ?? process.env.HF_TOKEN;
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

/** A cache that cannot be written: where, why, and the flag that picks another folder. */
function cacheWriteError(folder: string, err: unknown): ModelLoadError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = err instanceof Error ? err.message : String(err);
  const fix = code === 'ENOSPC' ? 'free some space, or set --cache-dir (or HUNT_CACHE_DIR) to a folder on another disk' : 'set --cache-dir (or HUNT_CACHE_DIR) to a writable folder';
  return new ModelLoadError(`cannot write the model cache at ${folder} (${why}): ${fix}`);
}

/**
 * The hub's refusals, worded for what they usually mean. The hub answers 401 for a repository
 * it will not show: a mistyped id as much as a private one (it does not tell them apart), so
 * "needs HF_TOKEN" alone would send someone with a typo after a token. Its X-Error-Code header
 * says when the model is gated, and X-Error-Message when the token itself is bad.
 */
function refusal(response: Response, ctx: { repo: string; file: string; endpoint: string; token?: string }): ModelLoadError {
  const errorCode = response.headers.get('x-error-code');
  const errorMessage = response.headers.get('x-error-message') ?? '';
  const where = `the hub at ${ctx.endpoint}`;
  if (errorCode === 'GatedRepo') {
    return new ModelLoadError(`"${ctx.repo}" on ${where} is gated (${response.status}): accept its terms on the model's page, then set HF_TOKEN to a token of that account`);
  }
  if (ctx.token && /invalid credentials|invalid (user )?token/i.test(errorMessage)) {
    return new ModelLoadError(`${where} refused HF_TOKEN (${response.status}: ${errorMessage}): set HF_TOKEN to a valid token, or unset it for public models`);
  }
  if (response.status === 401 || errorCode === 'RepoNotFound') {
    const hint = ctx.token ? 'check the id, or that HF_TOKEN has access to it' : 'check the id, or set HF_TOKEN if it is private';
    return new ModelLoadError(`${where} has no model "${ctx.repo}" it will show (${response.status}): not found or private: ${hint}`);
  }
  const hint = ctx.token ? 'HF_TOKEN has no access to it' : 'a private model needs HF_TOKEN';
  return new ModelLoadError(`${where} refused ${ctx.repo}/${ctx.file} (${response.status}): ${hint}`);
}

/** Resolves once the stream wants more, rejects if it fails or closes first (a failed stream never drains). */
function drained(out: WriteStream): Promise<void> {
  if (out.errored || out.destroyed) return Promise.reject(out.errored ?? new Error('the file was closed'));
  return new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(out.errored ?? new Error('the file was closed'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

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
    if (response.status === 404 && response.headers.get('x-error-code') !== 'RepoNotFound') {
      await response.body?.cancel();
      return 'missing';
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      throw refusal(response, ctx);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw outage(`the hub at ${ctx.endpoint} answered ${response.status} ${response.statusText} for ${ctx.repo}/${ctx.file}; try again later, or point --model (or HUNT_MODEL) at a local folder`);
    }
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    // Opened here, synchronously, so an unwritable cache fails before a byte is fetched, as one
    // line; the stream's own later errors (a full disk) are listened for below.
    let fd: number;
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      fd = openSync(part, 'w');
    } catch (err) {
      await response.body.cancel();
      throw cacheWriteError(path.dirname(target), err);
    }
    ctx.onEvent?.({ kind: 'start', repo: ctx.repo, file: ctx.file, total, url });
    const out = createWriteStream(part, { fd });
    // Every failure of the write side lands here (without an 'error' listener a failed write
    // would crash the process); the download loop then stops, and it is reported as the cache's.
    let writeError: Error | undefined;
    const failedWrite = (err: Error) => {
      writeError ??= err;
    };
    out.on('error', failedWrite);
    let loaded = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        loaded += chunk.length;
        if (writeError) break;
        if (!out.write(chunk)) await drained(out).catch(failedWrite);
        if (writeError) break;
        ctx.onEvent?.({ kind: 'progress', repo: ctx.repo, file: ctx.file, loaded, total });
      }
      if (!writeError) {
        await new Promise<void>((resolve) =>
          out.end((err?: Error | null) => {
            if (err) failedWrite(err);
            resolve();
          }),
        );
      }
    } catch (err) {
      out.destroy();
      if (controller.signal.aborted) throw silent();
      throw outage(`the download of ${ctx.repo}/${ctx.file} from ${ctx.endpoint} broke off after ${loaded} bytes (${err instanceof Error ? err.message : String(err)}); run again to retry`);
    }
    if (writeError) {
      out.destroy();
      throw cacheWriteError(path.dirname(target), writeError);
    }
    if (total !== undefined && loaded !== total) {
      throw outage(`the download of ${ctx.repo}/${ctx.file} from ${ctx.endpoint} stopped at ${loaded} of ${total} bytes; run again to retry`);
    }
    renameSync(part, target);
    ctx.onEvent?.({ kind: 'done', repo: ctx.repo, file: ctx.file, bytes: loaded });
    return 'written';
  } finally {
    clearTimeout(timer);
    try {
      rmSync(part, { force: true });
    } catch {
      // nothing to remove where the folder could not be made: the error above says why
    }
  }
}
