import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env as transformersEnv,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { ModelLoadError } from '../common/errors.ts';
import type { CausalLM } from './causal-lm.ts';
import { cudaLoadAdvice } from './cuda-provider.ts';
import type { HubFile } from './hub-download.ts';
import { fetchHubModel, modelIdOf, type ModelSource } from './model-source.ts';
import type { PaddedBatch } from './padded-batch.ts';
import { ortRuntimeOptions } from './ort-runtime-options.ts';
import { rowLogitsFolder } from './row-logits-folder.ts';
import { LOGIT_ROWS_INPUT } from './row-logits-graph.ts';
import { rowScoreFeeds, runRowScores, type CacheShape, type CachedStep } from './row-logits-run.ts';
import { RowScoreNames, rowScoreInputs, type RowScoreRequest } from './row-logits-scores.ts';

export interface LoadedModel extends CausalLM {
  model: PreTrainedModel;
}

/**
 * One forward pass of a transformers.js causal LM. Without `rows`: logits [batch, width,
 * vocab]. With `rows` (a graph rewritten by row-logits-graph.ts): logits [rows, vocab] of
 * the flat rows b·width + column only. transformers.js passes every input the session
 * names, so the extra `logit_rows` input goes straight through.
 */
async function transformersLogits(model: PreTrainedModel, padded: PaddedBatch, rows?: number[], cache?: CacheShape): Promise<Float32Array> {
  const dims = [padded.batch, padded.width];
  const inputs: Record<string, Tensor> = {
    input_ids: new Tensor('int64', padded.inputIds, dims),
    attention_mask: new Tensor('int64', padded.attentionMask, dims),
    position_ids: new Tensor('int64', padded.positionIds, dims),
  };
  const session = exportSession(model);
  if (rows && cache && session.inputNames.includes(RowScoreNames.targets)) {
    // A graph with the scoring tail: fetch the logits alone, not the tail's outputs or the cache.
    const { feeds } = rowScoreFeeds(session, { batch: padded }, { rows, targets: [], topK: 1 }, cache, 1, false);
    return (await session.run(feeds, ['logits'])).logits.data as Float32Array;
  }
  if (rows) inputs[LOGIT_ROWS_INPUT] = new Tensor('int64', BigInt64Array.from(rows, (r) => BigInt(r)), [rows.length]);
  if (session.inputNames.includes(RowScoreNames.targets)) {
    // the tail's inputs, asking it for nothing, where the cache's shape is unknown (transformers.js fills the cache)
    const score = rowScoreInputs({ rows: rows ?? [], targets: [], topK: 1 }, 1, false);
    inputs[RowScoreNames.scoredRows] = new Tensor('int64', score.scoredRows.data, score.scoredRows.dims);
    inputs[RowScoreNames.targets] = new Tensor('int64', score.targets.data, score.targets.dims);
    inputs[RowScoreNames.topK] = new Tensor('int64', score.topK.data, score.topK.dims);
  }
  const output = await model(inputs);
  return (output.logits as Tensor).data as Float32Array;
}

/** The onnxruntime session transformers.js runs a decoder-only model on. */
function exportSession(model: PreTrainedModel): InferenceSession {
  return (model as unknown as { sessions: Record<string, InferenceSession> }).sessions.model;
}

/** The folder transformers.js reads a model from: the local folder, or the hub cache's copy. */
function modelFolder(source: ModelSource): string {
  return source.kind === 'local' ? source.folder! : path.join(source.cacheDir, source.spec);
}

/** HUNT_ROW_LOGITS=0 loads the export unchanged (every position's logits), e.g. to compare. */
function rowLogitsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HUNT_ROW_LOGITS !== '0';
}

const ONNX_FILE: Record<ModelSource['dtype'], string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
};

/**
 * What transformers.js reads of a hub model (Xenova/gpt2's layout: the ONNX export under
 * onnx/, one file per precision; a graph over 2 GB keeps its weights in `<file>_data`).
 */
export function transformersHubFiles(dtype: ModelSource['dtype']): HubFile[] {
  return [
    { path: 'config.json', required: true },
    { path: 'generation_config.json', required: false },
    { path: 'tokenizer.json', required: true },
    { path: 'tokenizer_config.json', required: true },
    { path: ONNX_FILE[dtype], required: true },
    { path: `${ONNX_FILE[dtype]}_data`, required: false },
  ];
}

/** The files a local folder must hold for a backend, and the one-line fix to show when some are missing. */
export interface LocalFiles {
  needed: string[];
  fix: string;
}

function transformersFiles(source: ModelSource): LocalFiles {
  return {
    needed: ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE[source.dtype]],
    fix: 'point --model (or HUNT_MODEL) at a local folder holding config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx, e.g. --model test/fixtures/tiny-gpt2',
  };
}

/**
 * Point transformers.js at the model: a local folder (remote loading off) or the hub (its
 * cache dir). Returns the id to pass to `from_pretrained`.
 */
export function transformersRepo(source: ModelSource, files: LocalFiles = transformersFiles(source)): string {
  if (source.kind === 'local') {
    if (!existsSync(source.folder!)) {
      throw new ModelLoadError(`no model folder at ${source.folder} (from "${source.spec}"): ${files.fix}`);
    }
    const missing = files.needed.filter((file) => !existsSync(path.join(source.folder!, file)));
    const onnx = ONNX_FILE[source.dtype];
    if (missing.length === 1 && missing[0] === onnx) {
      // Only the chosen precision's export is missing: the fix is another --dtype, not another folder.
      const present = (Object.keys(ONNX_FILE) as ModelSource['dtype'][]).filter((d) => existsSync(path.join(source.folder!, ONNX_FILE[d])));
      const instead = present.length > 0 ? `use --dtype ${present.join(' or --dtype ')} (what it has)` : 'use a folder with an ONNX export';
      throw new ModelLoadError(`model folder ${source.folder} has no ${source.dtype} export (${onnx}): ${instead}, or add ${onnx} to it`);
    }
    if (missing.length > 0) {
      throw new ModelLoadError(`model folder ${source.folder} is missing ${missing.join(', ')}: ${files.fix}`);
    }
    // transformers.js resolves local models as <localModelPath>/<id>; a local folder turns remote loading off.
    transformersEnv.allowRemoteModels = false;
    transformersEnv.allowLocalModels = true;
    transformersEnv.localModelPath = path.dirname(source.folder!) + path.sep;
    return path.basename(source.folder!);
  }
  transformersEnv.allowRemoteModels = true;
  transformersEnv.allowLocalModels = false;
  transformersEnv.cacheDir = source.cacheDir;
  return source.spec;
}

/** Load the tokenizer alone (the graph engine runs its own model), checking `files` in a local folder. */
export async function loadTokenizer(source: ModelSource, files: LocalFiles): Promise<PreTrainedTokenizer> {
  return AutoTokenizer.from_pretrained(transformersRepo(source, files));
}

/**
 * Load tokenizer and causal LM through transformers.js on onnxruntime-node.
 * Any failure becomes one ModelLoadError line saying what was tried.
 */
export async function loadModel(requested: ModelSource): Promise<LoadedModel> {
  // A hub id is downloaded by hunt itself (HF_ENDPOINT, a progress bar, timeouts, one-line
  // errors) into the cache, then loaded from there like any local folder, under its hub id.
  const modelId = modelIdOf(requested);
  const source = await fetchHubModel(requested, transformersHubFiles(requested.dtype));
  const repo = transformersRepo(source);

  const sessionOptions = { ...ortRuntimeOptions(), ...(source.threads ? { intraOpNumThreads: source.threads, interOpNumThreads: 1 } : {}) };
  const loadFrom = (id: string) =>
    AutoModelForCausalLM.from_pretrained(id, { dtype: source.dtype, device: source.device, session_options: sessionOptions });
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(repo);
    let model: PreTrainedModel | undefined;
    let rowLogits = false;
    if (rowLogitsWanted()) {
      const derive = () => rowLogitsFolder(modelFolder(source), ONNX_FILE[source.dtype], source.cacheDir);
      let derived = derive();
      if (!derived && source.kind === 'hub' && !existsSync(path.join(modelFolder(source), ONNX_FILE[source.dtype]))) {
        // First use of a hub model: download it through transformers.js, then derive from the
        // cached copy. If that fails, keep the model just loaded rather than loading it twice.
        model = await loadFrom(repo);
        derived = derive();
        if (derived) {
          await model.dispose();
          model = undefined;
        }
      }
      if (derived) {
        // A rewritten graph that will not load is no reason to fail: the export itself still may.
        model = await loadFrom(transformersRepo({ ...source, kind: 'local', folder: derived })).catch(() => undefined);
        rowLogits = model !== undefined;
      }
    }
    if (!model) model = await loadFrom(transformersRepo(source));
    const loaded = model;
    const config = loaded.config as unknown as Record<string, unknown>;
    const contextLength = Number(config.n_positions ?? config.max_position_embeddings ?? 1024);
    const vocabSize = Number(config.vocab_size ?? 50257);
    const bosId = Number(config.bos_token_id ?? 50256);
    const nHead = Number(config.n_head ?? config.num_attention_heads);
    const cache = { nHead, headSize: Number(config.n_embd ?? config.hidden_size) / nHead };
    const tailCache = cache.nHead > 0 && Number.isInteger(cache.headSize) ? cache : undefined;
    const every = (padded: PaddedBatch) => Array.from({ length: padded.batch * padded.width }, (_, r) => r);
    return {
      source,
      modelId,
      tokenizer,
      model: loaded,
      contextLength,
      vocabSize,
      bosId,
      logits: (padded) => transformersLogits(loaded, padded, rowLogits ? every(padded) : undefined, tailCache),
      ...(rowLogits ? { rowLogits: (padded: PaddedBatch, rows: number[]) => transformersLogits(loaded, padded, rows, tailCache) } : {}),
      ...(rowLogits && cache.nHead > 0 && Number.isInteger(cache.headSize) && exportSession(loaded).inputNames.includes(RowScoreNames.targets)
        ? {
            rowScores: async (padded: PaddedBatch, request: RowScoreRequest) => (await runRowScores(exportSession(loaded), { batch: padded }, request, cache, vocabSize)).scores,
            cachedRowScores: async (step: CachedStep, request: RowScoreRequest, options: { capacity?: number } = {}) => {
              const { scores, cache: next } = await runRowScores(exportSession(loaded), step, request, cache, vocabSize, { keepCache: true, capacity: options.capacity });
              return { scores, cache: next! };
            },
          }
        : {}),
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (err instanceof ModelLoadError) throw err;
    const where = source.kind === 'local' ? `from ${source.folder}` : `"${source.spec}" from the Hugging Face hub (cache ${source.cacheDir})`;
    // A CUDA provider that will not start is the machine's CUDA libraries, not the model folder.
    const fix = source.device === 'cuda' && /cuda|shared librar/i.test(reason) ? cudaLoadAdvice(reason) : `${reason}; ${transformersFiles(source).fix}`;
    throw new ModelLoadError(`could not load model ${where} [${source.dtype}, ${source.device}]: ${fix}`);
  }
}
