import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HubFile } from '../hub-download.ts';
import { fetchHubModel, type ModelSource } from '../model-source.ts';

/**
 * What the graph engine reads of a hub model: openai-community/gpt2's layout, the weights as
 * one model.safetensors at the top (548 MB for GPT-2 small) beside config.json and the
 * tokenizer. That repository has no tokenizer_config.json at its top (only under onnx/).
 */
export const GRAPH_HUB_FILES: HubFile[] = [
  { path: 'config.json', required: true },
  { path: 'model.safetensors', required: true },
  { path: 'tokenizer.json', required: true },
  { path: 'tokenizer_config.json', required: false },
];

/**
 * Download a hub model's graph files into the cache (what it lacks). Without a
 * tokenizer_config.json on the hub, the tokenizer's class is written down as GPT-2's, with
 * the context from config.json: transformers.js needs the file, and tokenizer.json holds the
 * vocabulary, merges and special tokens themselves.
 */
export async function fetchGraphHubModel(source: ModelSource): Promise<ModelSource> {
  if (source.kind !== 'hub') return source;
  const local = await fetchHubModel(source, GRAPH_HUB_FILES);
  const tokenizerConfig = path.join(local.folder!, 'tokenizer_config.json');
  if (!existsSync(tokenizerConfig)) {
    const config = JSON.parse(readFileSync(path.join(local.folder!, 'config.json'), 'utf8')) as { n_positions?: number; n_ctx?: number };
    writeFileSync(tokenizerConfig, `${JSON.stringify({ tokenizer_class: 'GPT2Tokenizer', model_max_length: config.n_positions ?? config.n_ctx ?? 1024, written_by: 'hunt: the hub repository has none' }, null, 2)}\n`);
  }
  return local;
}
