import { InputError } from '../../common/errors.ts';
import { logSumExp } from '../logprob-math.ts';
import { tokenBatch, type ForwardResult, type LayerPatch, type LayerRunner, type TokenBatch } from './layer-runner.ts';
import type { PatchMetric, PatchPair } from './patch-pair.ts';

/** Sequences per batch: bounded by tokens, so long prompts do not build huge caches in one go. */
const MAX_BATCH_TOKENS = 8192;

/** One batch of pairs with both runs cached: every activation of the clean and of the corrupted run. */
export interface CachedChunk {
  pairs: PatchPair[];
  batch: TokenBatch;
  clean: ForwardResult;
  corrupt: ForwardResult;
}

/** Which activations a patched run replaces, in every chunk: given the chunk, the patches per layer. */
export type PatchPlan = (chunk: CachedChunk) => {
  from: number;
  /** the stream entering layer `from`; default: that of the `base` run's cache */
  resid?: Float32Array;
  patches: (LayerPatch | undefined)[];
  /** the run patched into: the corrupted one (default; activation patching) or the clean one (ablation) */
  base?: 'clean' | 'corrupt';
};

/**
 * The clean and corrupted runs of a set of pairs, cached once; every patched run starts from the
 * corrupted cache at the first layer it changes, so layers below it are never recomputed.
 * All chunks share one width, so a column means the same position (counted from the end) in each.
 */
export class PatchingRun {
  private constructor(
    readonly runner: LayerRunner,
    readonly metric: PatchMetric,
    readonly chunks: CachedChunk[],
    readonly width: number,
    /** the mean metric on the clean and on the corrupted prompts */
    readonly cleanMetric: number,
    readonly corruptMetric: number,
  ) {}

  /** The sequences a pair runs: the prompt, plus the answer's tokens but its last when the whole answer is scored. */
  static sequences(pair: PatchPair, metric: PatchMetric): { clean: number[]; corrupt: number[] } {
    const tail = metric === 'answer_logprob' ? pair.answer_ids.slice(0, -1) : [];
    return { clean: [...pair.clean_ids, ...tail], corrupt: [...pair.corrupt_ids, ...tail] };
  }

  static async prepare(runner: LayerRunner, pairs: PatchPair[], metric: PatchMetric): Promise<PatchingRun> {
    if (pairs.length === 0) throw new InputError('bad_option', 'no clean/corrupted pairs to patch');
    const seqs = pairs.map((p) => PatchingRun.sequences(p, metric));
    const width = Math.max(...seqs.map((s) => s.clean.length));
    const perChunk = Math.max(1, Math.floor(MAX_BATCH_TOKENS / width));
    const chunks: CachedChunk[] = [];
    for (let start = 0; start < pairs.length; start += perChunk) {
      const slice = seqs.slice(start, start + perChunk);
      const clean = tokenBatch(slice.map((s) => s.clean), width);
      const corrupt = tokenBatch(slice.map((s) => s.corrupt), width);
      chunks.push({
        pairs: pairs.slice(start, start + perChunk),
        batch: clean, // same widths and pads as `corrupt`: pairs have equal lengths
        clean: await runner.forward(clean, runner.embed(clean), { record: true }),
        corrupt: await runner.forward(corrupt, runner.embed(corrupt), { record: true }),
      });
    }
    const run = new PatchingRun(runner, metric, chunks, width, 0, 0);
    let clean = 0;
    let corrupt = 0;
    for (const chunk of chunks) {
      clean += await run.metricSum(chunk, chunk.clean.final);
      corrupt += await run.metricSum(chunk, chunk.corrupt.final);
    }
    return new PatchingRun(runner, metric, chunks, width, clean / pairs.length, corrupt / pairs.length);
  }

  get n(): number {
    return this.chunks.reduce((a, c) => a + c.pairs.length, 0);
  }

  /** Each pair's metric from the final residual stream of a run over `chunk`. */
  async metrics(chunk: CachedChunk, final: Float32Array): Promise<number[]> {
    const V = this.runner.config.vocabSize;
    const W = chunk.batch.width;
    const at: [number, number][] = [];
    const spans = chunk.pairs.map((pair, b) => {
      const k = this.metric === 'answer_logprob' ? pair.answer_ids.length : 1;
      const first = at.length;
      for (let i = 0; i < k; i++) at.push([b, W - k + i]);
      return { first, k };
    });
    const logits = await this.runner.unembed(this.runner.pick(final, chunk.batch, at));
    const row = (r: number) => logits.subarray(r * V, (r + 1) * V);
    return chunk.pairs.map((pair, b) => {
      const { first, k } = spans[b];
      if (this.metric === 'logit_diff') {
        const r = row(first);
        return r[pair.answer_ids[0]] - r[pair.distractor_id!];
      }
      let total = 0;
      for (let i = 0; i < k; i++) {
        const r = row(first + i);
        total += r[pair.answer_ids[i]] - logSumExp(r);
      }
      return total;
    });
  }

  private async metricSum(chunk: CachedChunk, final: Float32Array): Promise<number> {
    return (await this.metrics(chunk, final)).reduce((a, b) => a + b, 0);
  }

  /** The mean metric of the corrupted run with what `plan` says patched in. */
  async patchedMetric(plan: PatchPlan): Promise<number> {
    let sum = 0;
    for (const chunk of this.chunks) sum += await this.metricSum(chunk, (await this.patchedRun(chunk, plan)).final);
    return sum / this.n;
  }

  /** The corrupted run of one chunk with `plan` patched in, from the first layer it changes. */
  async patchedRun(chunk: CachedChunk, plan: PatchPlan): Promise<ForwardResult> {
    const { from, resid, patches, base } = plan(chunk);
    return this.runner.forward(chunk.batch, resid ?? chunk[base ?? 'corrupt'].resid![from], { from, patches });
  }

  /** (patched − corrupted) / (clean − corrupted): the share of the metric a patch restores. */
  restored(patched: number): number {
    return (patched - this.corruptMetric) / (this.cleanMetric - this.corruptMetric);
  }
}
