import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env as transformersEnv,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { ModelLoadError } from '../common/errors.ts';
import type { ModelSource } from './model-source.ts';

export interface LoadedModel {
  source: ModelSource;
  /** a stable id for footers and catalog rows: the hub id, or "local:<folder name>" */
  modelId: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  contextLength: number;
  vocabSize: number;
  bosId: number;
}

const ONNX_FILE: Record<ModelSource['dtype'], string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
};

function missingLocalFiles(source: ModelSource): string[] {
  const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE[source.dtype]];
  return needed.filter((file) => !existsSync(path.join(source.folder!, file)));
}

function howToFix(): string {
  return 'point --model (or HUNT_MODEL) at a local folder holding config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx, e.g. --model test/fixtures/tiny-gpt2';
}

/**
 * Load tokenizer and causal LM through transformers.js on onnxruntime-node.
 * Any failure becomes one ModelLoadError line saying what was tried.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  let repo: string;
  if (source.kind === 'local') {
    if (!existsSync(source.folder!)) {
      throw new ModelLoadError(`no model folder at ${source.folder} (from "${source.spec}"): ${howToFix()}`);
    }
    const missing = missingLocalFiles(source);
    if (missing.length > 0) {
      throw new ModelLoadError(`model folder ${source.folder} is missing ${missing.join(', ')}: ${howToFix()}`);
    }
    // transformers.js resolves local models as <localModelPath>/<id>; a local folder turns remote loading off.
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

  const sessionOptions = source.threads ? { intraOpNumThreads: source.threads, interOpNumThreads: 1 } : undefined;
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(repo);
    const model = await AutoModelForCausalLM.from_pretrained(repo, {
      dtype: source.dtype,
      device: source.device,
      session_options: sessionOptions,
    });
    const config = model.config as unknown as Record<string, unknown>;
    const contextLength = Number(config.n_positions ?? config.max_position_embeddings ?? 1024);
    const vocabSize = Number(config.vocab_size ?? 50257);
    const bosId = Number(config.bos_token_id ?? 50256);
    const modelId = source.kind === 'local' ? `local:${path.basename(source.folder!)}` : source.spec;
    return { source, modelId, tokenizer, model, contextLength, vocabSize, bosId };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const where = source.kind === 'local' ? `from ${source.folder}` : `"${source.spec}" from the Hugging Face hub (cache ${source.cacheDir})`;
    throw new ModelLoadError(`could not load model ${where} [${source.dtype}, ${source.device}]: ${reason}; ${howToFix()}`);
  }
}
