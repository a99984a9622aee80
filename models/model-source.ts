import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError } from '../common/errors.ts';
import { assertCudaAvailable } from './cuda-provider.ts';
import { downloadHubFiles, type DownloadEvent, type HubFile } from './hub-download.ts';

/** GPT-2 small, converted for transformers.js, on the Hugging Face hub. */
export const DEFAULT_MODEL = 'Xenova/gpt2';

export type ModelDtype = 'fp32' | 'fp16' | 'q8';
export type ModelDevice = 'cpu' | 'cuda';

export interface ModelSource {
  /** what the user asked for (hub id or folder), for messages and result footers */
  spec: string;
  kind: 'hub' | 'local';
  /** absolute folder for a local model */
  folder?: string;
  cacheDir: string;
  dtype: ModelDtype;
  device: ModelDevice;
  /** onnxruntime intra-op threads; undefined lets onnxruntime choose */
  threads?: number;
  /** told how a hub download goes (the CLI draws a progress bar from it) */
  onDownload?: (event: DownloadEvent) => void;
}

export interface ModelSourceOptions {
  onDownload?: (event: DownloadEvent) => void;
  model?: string;
  cacheDir?: string;
  dtype?: string;
  device?: string;
  threads?: number | string;
}

const DTYPES: readonly ModelDtype[] = ['fp32', 'fp16', 'q8'];
const DEVICES: readonly ModelDevice[] = ['cpu', 'cuda'];

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || /^[A-Za-z]:[\\/]/.test(spec);
}

/**
 * Decide where the model comes from. Precedence: explicit option, then the
 * environment (HUNT_MODEL, HUNT_CACHE_DIR, HUNT_DTYPE, HUNT_DEVICE, HUNT_THREADS), then defaults.
 * A spec naming an existing folder (or written as a path) is a local model and
 * turns remote loading off.
 *
 * @example resolveModelSource({ model: 'test/fixtures/tiny-gpt2' }).kind // 'local'
 */
export function resolveModelSource(options: ModelSourceOptions = {}, env: NodeJS.ProcessEnv = process.env): ModelSource {
  const spec = options.model ?? env.HUNT_MODEL ?? DEFAULT_MODEL;
  if (spec.trim() === '') throw new InputError('bad_option', 'model must not be empty: give a hub id (Xenova/gpt2) or a local folder');
  const dtype = (options.dtype ?? env.HUNT_DTYPE ?? 'fp32') as ModelDtype;
  if (!DTYPES.includes(dtype)) throw new InputError('bad_option', `dtype must be one of ${DTYPES.join(', ')} (got "${dtype}")`);
  const device = (options.device ?? env.HUNT_DEVICE ?? 'cpu') as ModelDevice;
  if (!DEVICES.includes(device)) throw new InputError('bad_option', `device must be one of ${DEVICES.join(', ')} (got "${device}")`);
  if (device === 'cuda') assertCudaAvailable();
  const rawThreads = options.threads ?? env.HUNT_THREADS;
  let threads: number | undefined;
  if (rawThreads !== undefined && rawThreads !== '') {
    threads = Number(rawThreads);
    if (!Number.isInteger(threads) || threads < 1) throw new InputError('bad_option', `threads must be a whole number ≥ 1 (got "${rawThreads}")`);
  }
  const cacheDir = path.resolve(options.cacheDir ?? env.HUNT_CACHE_DIR ?? path.join(homedir(), '.cache', 'hunt', 'models'));

  const expanded = spec.startsWith('~') ? path.join(homedir(), spec.slice(1)) : spec;
  const isFolder = existsSync(expanded) && statSync(expanded).isDirectory();
  if (isFolder || looksLikePath(spec)) {
    return { spec, kind: 'local', folder: path.resolve(expanded), cacheDir, dtype, device, threads, onDownload: options.onDownload };
  }
  return { spec, kind: 'hub', cacheDir, dtype, device, threads, onDownload: options.onDownload };
}

/**
 * The id a loaded model reports, for footers, catalog rows and queue names: the hub id, or
 * `local:<folder name>`. Workers name their queue by it, so a producer that resolves the same
 * `--model` spec through here targets the same queue.
 *
 * @example modelIdOf(resolveModelSource({ model: 'test/fixtures/tiny-gpt2' })) // 'local:tiny-gpt2'
 * @example modelIdOf(resolveModelSource({ model: 'Xenova/gpt2' })) // 'Xenova/gpt2'
 */
export function modelIdOf(source: Pick<ModelSource, 'kind' | 'spec' | 'folder'>): string {
  return source.kind === 'local' ? `local:${path.basename(source.folder!)}` : source.spec;
}

/**
 * A hub model made local: its files downloaded (what the cache lacks) into
 * `<cacheDir>/<hub id>/`, the folder transformers.js and the graph engine then read.
 */
export async function fetchHubModel(source: ModelSource, files: HubFile[]): Promise<ModelSource> {
  if (source.kind !== 'hub') return source;
  const folder = await downloadHubFiles({ repo: source.spec, files, cacheDir: source.cacheDir, onEvent: source.onDownload });
  return { ...source, kind: 'local', folder };
}
