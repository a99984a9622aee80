import path from 'node:path';
import { ModelLoadError } from '../common/errors.ts';
import { loadTokenizer, type LocalFiles } from '../models/load-model.ts';
import type { ModelSource } from '../models/model-source.ts';

/** The part of the GPT-2 tokenizer the miner needs: token counts and cutting prompts. */
export interface CorpusTokenizer {
  modelId: string;
  /** the model's context in tokens, from the tokenizer's `model_max_length` (GPT-2: 1024) */
  contextLength: number;
  encode(text: string): number[];
  decode(ids: number[]): string;
}

/** GPT-2's context, used when a tokenizer config does not say. */
const GPT2_CONTEXT = 1024;

/**
 * Load only the tokenizer of a model (not its weights: every scan worker loads one, and
 * GPT-2's weights would cost each of them half a gigabyte). Same source rules as the
 * engine: a local folder turns remote loading off.
 */
export async function loadCorpusTokenizer(source: ModelSource): Promise<CorpusTokenizer> {
  const files: LocalFiles = {
    needed: ['tokenizer.json', 'tokenizer_config.json'],
    fix: 'point --model at a local folder with tokenizer.json (e.g. test/fixtures/tiny-gpt2, the real GPT-2 tokenizer), or count tokens without one (--tokens bytes, and no --out)',
  };
  try {
    const tokenizer = await loadTokenizer(source, files);
    const max = Number(tokenizer.model_max_length);
    return {
      modelId: source.kind === 'local' ? `local:${path.basename(source.folder!)}` : source.spec,
      // HF writes a huge sentinel (1e30) when a tokenizer has no limit.
      contextLength: Number.isFinite(max) && max > 0 && max < 1e9 ? max : GPT2_CONTEXT,
      encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
      decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    };
  } catch (err) {
    if (err instanceof ModelLoadError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const where = source.kind === 'local' ? `from ${source.folder}` : `"${source.spec}" from the Hugging Face hub (cache ${source.cacheDir})`;
    throw new ModelLoadError(`could not load the tokenizer ${where}: ${reason}; ${files.fix}`);
  }
}
