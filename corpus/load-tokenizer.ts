import path from 'node:path';
import { AutoTokenizer, env as transformersEnv } from '@huggingface/transformers';
import { ModelLoadError } from '../common/errors.ts';
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
 * TODO(models): this mirrors the environment setup of models/load-model.ts; it belongs
 * there as `loadTokenizer(source)`.
 */
export async function loadCorpusTokenizer(source: ModelSource): Promise<CorpusTokenizer> {
  let repo: string;
  if (source.kind === 'local') {
    transformersEnv.allowRemoteModels = false;
    transformersEnv.allowLocalModels = true;
    transformersEnv.localModelPath = path.dirname(source.folder!) + path.sep;
    repo = path.basename(source.folder!);
  } else {
    transformersEnv.allowRemoteModels = true;
    transformersEnv.allowLocalModels = false;
    transformersEnv.cacheDir = source.cacheDir;
    repo = source.spec;
  }
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(repo);
    const max = Number(tokenizer.model_max_length);
    return {
      modelId: source.kind === 'local' ? `local:${path.basename(source.folder!)}` : source.spec,
      // HF writes a huge sentinel (1e30) when a tokenizer has no limit.
      contextLength: Number.isFinite(max) && max > 0 && max < 1e9 ? max : GPT2_CONTEXT,
      encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
      decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const where = source.kind === 'local' ? `from ${source.folder}` : `"${source.spec}" from the Hugging Face hub (cache ${source.cacheDir})`;
    throw new ModelLoadError(
      `could not load the tokenizer ${where}: ${reason}; point --model at a local folder with tokenizer.json (e.g. test/fixtures/tiny-gpt2, the real GPT-2 tokenizer), or count tokens without one (--tokens bytes, and no --out)`,
    );
  }
}
