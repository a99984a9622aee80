import { InputError } from '../../common/errors.ts';
import { answerTokens } from '../answer-tokens.ts';
import type { CommonOptions, TokenInfo, TopToken } from '../engine-types.ts';
import { resolveModelSource, type ModelSourceOptions } from '../model-source.ts';
import { ScoringEngine, type EngineOptions } from '../scoring-engine.ts';
import { directAttribution, lensLogitDiff, unembedDirection, type DirectAttribution, type FinalLayerNorm } from './direct-attribution.ts';
import { GraphModel, type HeadAblation, type InspectOutputs } from './graph-model.ts';

/** A prompt to inspect; with an answer and a distractor, their logit difference is attributed. */
export interface InspectItem {
  prompt: string;
  /** the expected continuation (its first token is used), e.g. " John" */
  answer?: string;
  /** the wrong continuation it competes with (first token), e.g. " Mary" */
  distractor?: string;
}

export interface InspectOptions extends CommonOptions {
  /** top next tokens to list at the last position; default 10 */
  topK?: number;
  /** attention patterns [layer][head][query][key] over the prompt's tokens (BOS included) */
  patterns?: boolean;
  /** direct logit attribution of logit(answer) − logit(distractor) at the last position */
  attribution?: boolean;
  /** the residual stream at the last position: the embeddings, then after each layer (logit lens) */
  residuals?: boolean;
  /** heads to knock out in this run */
  ablation?: HeadAblation;
}

export interface InspectedToken extends TokenInfo {
  logit: number;
}

export interface InspectResult {
  bos: boolean;
  truncated: number;
  prompt_tokens: TokenInfo[];
  /** the model's input tokens, BOS included: the query and key axes of `patterns` */
  tokens: TokenInfo[];
  /** next-token distribution at the last position */
  top: TopToken[];
  answer?: InspectedToken;
  distractor?: InspectedToken;
  /** logit(answer) − logit(distractor) at the last position, from the model's logits */
  logit_diff?: number;
  /** [layer][head][query][key] */
  patterns?: number[][][][];
  attribution?: DirectAttribution;
  /** [n_layer + 1][n_embd]: the embeddings (tok + pos), then the stream after each layer */
  residuals?: number[][];
  /** logit difference read from each residual above through the final LayerNorm and unembedding */
  logit_lens?: number[];
}

/**
 * The scoring engine on our own GPT-2 graph (models/graph/): the same scoring API as
 * ScoringEngine — same tokenizer, same batching, same numbers within float error — plus
 * inspection (attention patterns, direct logit attribution, residual streams) and head
 * ablation.
 */
export class GraphEngine extends ScoringEngine {
  constructor(
    readonly graph: GraphModel,
    options: EngineOptions = {},
  ) {
    super(graph, options);
  }

  /** Resolve the model (option → HUNT_MODEL), read its safetensors and build the graph. */
  static override async load(source: ModelSourceOptions = {}, options: EngineOptions = {}): Promise<GraphEngine> {
    return new GraphEngine(await GraphModel.load(resolveModelSource(source)), options);
  }

  private get finalLayerNorm(): FinalLayerNorm {
    const w = this.graph.weights;
    return { weight: w.lnFWeight, bias: w.lnFBias, eps: w.config.layerNormEps };
  }

  private firstToken(prompt: string, text: string): InspectedToken {
    if (typeof text !== 'string' || text.length === 0) throw new InputError('bad_option', 'an answer or distractor is empty: give the text, e.g. " John"');
    const id = answerTokens((t) => this.encode(t), this.encode(prompt), prompt, text).ids[0];
    return { ...this.tokenInfo(id), logit: 0 };
  }

  /**
   * Look inside the forward pass at the end of each prompt: next tokens, and what `options`
   * asks for. With `ablation`, everything reported is from the ablated model.
   *
   * @example (await engine.inspect([{ prompt: ' air report enough list higher love people pot make exec report list higher', answer: ' love', distractor: ' report' }], { attribution: true }))[0]
   * // { …, logit_diff: 0.30202049, attribution: { total: 0.30202050, heads: [[0.003, 0.058, -0.010, -0.014], [0.063, 0.069, -0.003, 0.062]], … } } on the tiny fixture
   */
  async inspect(items: InspectItem[], options: InspectOptions = {}): Promise<InspectResult[]> {
    const topK = options.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 1) throw new InputError('bad_option', `top must be a whole number ≥ 1 (got ${topK})`);
    const { nLayer: L, nHead: H, nEmbd: E } = this.graph.config;
    const V = this.loaded.vocabSize;
    const prepared = items.map((item) => this.prepare(item.prompt, options));
    const targets = items.map((item) => {
      if ((item.answer === undefined) !== (item.distractor === undefined)) throw new InputError('bad_option', 'give both an answer and a distractor, or neither');
      return item.answer === undefined ? undefined : { answer: this.firstToken(item.prompt, item.answer), distractor: this.firstToken(item.prompt, item.distractor!) };
    });
    if (options.attribution && targets.some((t) => !t)) throw new InputError('bad_option', 'direct attribution needs an answer and a distractor for every prompt');
    const results: InspectResult[] = new Array(items.length);

    for (const { group, padded } of this.paddedBatches(prepared.map((p) => p.ids))) {
      const W = padded.width;
      const out: InspectOutputs = await this.graph.run(padded, {
        readoutRows: group.map((_, b) => b * W + W - 1), // left padding: every prompt ends in the last column
        ablation: options.ablation,
        patterns: options.patterns,
        components: options.attribution,
        residuals: options.residuals || options.attribution,
      });
      group.forEach((itemIndex, b) => {
        const p = prepared[itemIndex];
        const row = out.logits!.subarray((b * W + W - 1) * V, (b * W + W) * V);
        const result: InspectResult = {
          bos: p.bos,
          truncated: p.truncated,
          prompt_tokens: p.promptIds.map((id) => this.tokenInfo(id)),
          tokens: p.ids.map((id) => this.tokenInfo(id)),
          top: this.topTokens(row, topK),
        };
        const target = targets[itemIndex];
        let direction: Float32Array | undefined;
        if (target) {
          result.answer = { ...target.answer, logit: row[target.answer.id] };
          result.distractor = { ...target.distractor, logit: row[target.distractor.id] };
          result.logit_diff = result.answer.logit - result.distractor.logit;
          direction = unembedDirection(this.graph.unembed, E, target.answer.id, target.distractor.id);
        }
        const vec = (data: Float32Array, r: number) => data.subarray(r * E, (r + 1) * E);
        if (out.patterns) {
          const pad = padded.padOf[b];
          const T = p.ids.length;
          result.patterns = out.patterns.map((layer) =>
            Array.from({ length: H }, (_, h) =>
              Array.from({ length: T }, (_, q) => {
                const at = ((b * H + h) * W + pad + q) * W + pad;
                return Array.from(layer.subarray(at, at + T));
              }),
            ),
          );
        }
        if (out.resid) {
          const tok = vec(out.embedTok!, b);
          const pos = vec(out.embedPos!, b);
          const streams = [tok.map((x, i) => x + pos[i]), ...out.resid.map((r) => vec(r, b))];
          if (options.residuals) {
            result.residuals = streams.map((s) => Array.from(s));
            if (direction) result.logit_lens = streams.map((s) => lensLogitDiff(s, this.finalLayerNorm, direction!));
          }
          if (options.attribution) {
            result.attribution = directAttribution(
              {
                tokEmbed: tok,
                posEmbed: pos,
                // head_out is [n_head, rows, n_embd]; this prompt is readout row b
                heads: out.headOut!.map((layer) => Array.from({ length: H }, (_, h) => vec(layer, h * group.length + b))),
                attnBias: this.graph.weights.layers.map((w) => w.projBias),
                mlp: out.mlpOut!.map((m) => vec(m, b)),
                final: streams[L],
              },
              this.finalLayerNorm,
              direction!,
            );
          }
        }
        results[itemIndex] = result;
      });
    }
    return results;
  }

  /**
   * Each head's mean output z over every token of `prompts` (BOS included), [n_layer, n_head, d_head]:
   * what a mean-ablated head writes instead of its own output.
   */
  async headMeans(prompts: string[], options: CommonOptions = {}): Promise<Float32Array> {
    const { nLayer: L, nHead: H } = this.graph.config;
    const D = this.graph.headSize;
    const sums = new Float64Array(L * H * D);
    let count = 0;
    const prepared = prompts.map((p) => this.prepare(p, options));
    for (const { padded } of this.paddedBatches(prepared.map((p) => p.ids))) {
      const rows: number[] = [];
      padded.padOf.forEach((pad, b) => {
        for (let c = pad; c < padded.width; c++) rows.push(b * padded.width + c);
      });
      const out = await this.graph.run(padded, { readoutRows: rows, z: true, logits: false });
      out.z!.forEach((z, l) => {
        for (let r = 0; r < rows.length; r++) {
          for (let i = 0; i < H * D; i++) sums[l * H * D + i] += z[r * H * D + i];
        }
      });
      count += rows.length;
    }
    return Float32Array.from(sums, (s) => s / Math.max(count, 1));
  }
}
