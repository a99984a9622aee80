import { HuntError, OutageError } from '../common/errors.ts';

/** One parquet file of a hub dataset: which config and split it belongs to, and where it is. */
export interface HubParquetFile {
  config: string;
  split: string;
  url: string;
}

/**
 * The parquet files the Hugging Face hub serves for a dataset (its `refs/convert/parquet`
 * export, listed by `GET /api/datasets/<id>/parquet` as `{ config: { split: [url, …] } }`),
 * every config and split, in the hub's order. No network → a transient `unavailable`
 * error that says how to mine a local copy instead.
 *
 * @example await hubParquetFiles('stas/openwebtext-10k') // [{ config: 'plain_text', split: 'train', url: 'https://huggingface.co/api/datasets/…/0.parquet' }]
 */
export async function hubParquetFiles(id: string, endpoint: string, fetchImpl: typeof fetch = fetch): Promise<HubParquetFile[]> {
  const listing = `${endpoint.replace(/\/+$/, '')}/api/datasets/${id}/parquet`;
  const offline = `download its parquet files (or any .jsonl/.txt/.parquet copy) and pass the file or folder to --corpus`;
  let response: Response;
  try {
    response = await fetchImpl(listing, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new OutageError(`"${id}" is no local file or folder, and the Hugging Face hub could not be reached to list it as a dataset (${listing}: ${reason}); ${offline}`);
  }
  if (response.status === 404 || response.status === 401) {
    throw new HuntError('not_found', `no dataset "${id}" on the Hugging Face hub (or it is private/gated; HTTP ${response.status}), and no such local file or folder`, true);
  }
  if (!response.ok) {
    throw new OutageError(`the Hugging Face hub answered HTTP ${response.status} for ${listing}; ${offline}`);
  }
  const body = (await response.json()) as Record<string, Record<string, string[]>>;
  const files: HubParquetFile[] = [];
  for (const [config, splits] of Object.entries(body ?? {})) {
    for (const [split, urls] of Object.entries(splits ?? {})) {
      for (const url of Array.isArray(urls) ? urls : []) files.push({ config, split, url });
    }
  }
  if (files.length === 0) throw new HuntError('not_found', `the Hugging Face hub lists no parquet files for "${id}"`, true);
  return files;
}
