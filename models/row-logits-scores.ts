/**
 * Scoring math appended to the row-logits graphs (our own GPT-2 graph, and a hub export after
 * row-logits-graph.ts's rewrite), on an unembedding of the scored rows of its own, so that
 * onnxruntime, not JavaScript, reads the 50,257 logits of each row and hands back a few
 * floats per row: the log-normaliser, the logits and ranks of requested tokens, and the
 * top-k tokens. Copying [rows, vocab] floats out of onnxruntime and looping over them in
 * single-threaded JS cost three times the forward pass itself at 512 positions.
 */

/** Inputs and outputs the tail adds. */
export const RowScoreNames = {
  /**
   * [scored] int64 input: flat positions b·width + column the tail scores. The tail runs its own
   * unembedding on these rows, apart from the `logits` output's rows (`logit_rows`): a scoring run
   * asks for no logits rows and a logits-only run scores one row, so neither pays for the other,
   * and no [rows, vocab] block is copied from one to the other.
   */
  scoredRows: 'score_rows',
  /** [scored, targets] int64 input: token ids whose logit and rank to read at each row (pad a row by repeating an id) */
  targets: 'score_targets',
  /** [1] int64 input: how many top tokens to return per row (≥ 1) */
  topK: 'score_top_k',
  /** [rows] float: the row's largest logit */
  max: 'row_max',
  /** [rows] double: Σ exp(logit − max); the log-normaliser is max + log(sum) */
  sumExp: 'row_sum_exp',
  /** [rows, targets] float: the targets' logits */
  targetLogits: 'target_logits',
  /** [rows, targets] float: 1 + the number of tokens with a strictly higher logit */
  targetRanks: 'target_ranks',
  /** [rows, k] float: the k largest logits, largest first */
  topLogits: 'top_logits',
  /** [rows, k] int64: their token ids (ties: lower id first) */
  topIds: 'top_ids',
} as const;

/** Every output the tail adds, in a fixed order. */
export const ROW_SCORE_OUTPUTS = [
  RowScoreNames.max,
  RowScoreNames.sumExp,
  RowScoreNames.targetLogits,
  RowScoreNames.targetRanks,
  RowScoreNames.topLogits,
  RowScoreNames.topIds,
] as const;

type Attrs = Record<string, number | number[] | { int: number }>;

/** Where the tail's nodes go: our own graph builder, or a decoded hub export. */
export interface GraphSink {
  /** the default domain's opset: Reduce* ops take their axes as an input from opset 18 (ReduceSum: 13) */
  readonly opset: number;
  op(opType: string, inputs: string[], attrs: Attrs, name: string): string;
  /** a node with several outputs */
  opMulti(opType: string, inputs: string[], outputs: number, attrs: Attrs, name: string): string[];
  int64s(name: string, values: number[], dims?: number[]): string;
  scalar(name: string, value: number): string;
  /** declare a graph input: int64 of these dims */
  inputInt64(name: string, dims: (number | string)[]): string;
  /** expose a value as a graph output of this element type (1 float, 7 int64, 11 double) */
  output(value: string, name: string, dtype: 1 | 7 | 11, dims: (number | string)[]): void;
}

/**
 * How many terms the tail adds in float32 before it goes on in float64: a row's exponentials are
 * summed in runs of this many (a MatMul with a column of ones), and the runs' sums in float64.
 * A float32 sum of all 50,257 terms drifts by ~2e-5 in the log-normaliser; casting every term to
 * float64 first is exact enough, but it writes a [rows, vocab] float64 block (≈ 200 MB at 512
 * rows). Runs of 29 stay within ~1e-8 (measured). A MatMul adds each run in one fixed order; a
 * ReduceSum's vectorized loop adds in an order that depends on where the row lies in memory, so
 * two equal rows came out unequal, and a model with equal logits everywhere (the unigram
 * adversary) showed an effect. The run length is the divisor of vocab nearest below its square
 * root, at least 8 (29 for GPT-2's 50,257 = 29 × 1,733); a vocabulary without one (a prime, or a
 * size the graph does not state) sums every term in float64.
 */
export function exponentialRun(vocab: number | undefined): number {
  if (!vocab || !Number.isInteger(vocab)) return 1;
  for (let d = Math.floor(Math.sqrt(vocab)); d >= 8; d--) if (vocab % d === 0) return d;
  return 1;
}

/**
 * Append the scoring tail: `unembedRows(score_rows)` returns the logits [scored, vocab] of those
 * flat positions (the graph's own unembedding on the rows it gathers), and the tail reduces them
 * to a few values per row.
 *
 * The rank counts strictly higher logits as `ReduceSum(HardSigmoid(logits − target; α = 1e30))`,
 * i.e. Σ clip(1e30·(logits − target), 0, 1): any positive float32 difference between logits of
 * ordinary size becomes ≥ 1 and clips to exactly 1, ties and lower logits give 0, and the sum of
 * 0/1 floats is exact below 2^24. HardSigmoid is Mul and Clip in one pass (the two wrote one more
 * [rows, targets, vocab] block); Greater → Cast(bool → float) measured far slower.
 */
export function appendRowScores(g: GraphSink, unembedRows: (scoreRows: string) => string, vocab?: number, prefix = 'row_scores'): void {
  const reduce = (opType: string, x: string, axis: number, keepdims: boolean, name: string): string => {
    const axesAsInput = opType === 'ReduceSum' ? g.opset >= 13 : g.opset >= 18;
    const keep = { int: keepdims ? 1 : 0 };
    if (axesAsInput) return g.op(opType, [x, g.int64s(`${name}_axes`, [axis])], { keepdims: keep }, name);
    return g.op(opType, [x], { axes: [axis], keepdims: keep }, name);
  };
  const scoredRows = g.inputInt64(RowScoreNames.scoredRows, ['score_rows']);
  const targets = g.inputInt64(RowScoreNames.targets, ['score_rows', 'score_targets']);
  const topK = g.inputInt64(RowScoreNames.topK, [1]);
  const logits = unembedRows(scoredRows); // [R, V]

  const max = reduce('ReduceMax', logits, 1, true, `${prefix}_max`); // [R, 1]
  const exps = g.op('Exp', [g.op('Sub', [logits, max], {}, `${prefix}_shifted`)], {}, `${prefix}_exp`);
  const run = exponentialRun(vocab);
  let sumExp: string;
  if (run > 1) {
    const runs = vocab! / run;
    const ones = g.op('Expand', [g.scalar(`${prefix}_one_f`, 1), g.int64s(`${prefix}_ones_shape`, [run, 1])], {}, `${prefix}_ones`);
    const inRuns = g.op('Reshape', [exps, g.int64s(`${prefix}_runs_shape`, [0, runs, run])], {}, `${prefix}_exp_runs`);
    const partials = g.op('Reshape', [g.op('MatMul', [inRuns, ones], {}, `${prefix}_run_sums`), g.int64s(`${prefix}_partials_shape`, [0, runs])], {}, `${prefix}_partials`); // [R, runs]
    sumExp = reduce('ReduceSum', g.op('Cast', [partials], { to: { int: 11 } }, `${prefix}_partials_f64`), 1, false, `${prefix}_sum_exp`);
  } else {
    sumExp = reduce('ReduceSum', g.op('Cast', [exps], { to: { int: 11 } }, `${prefix}_exp_f64`), 1, false, `${prefix}_sum_exp`);
  }
  g.output(g.op('Squeeze', [max, g.int64s(`${prefix}_axis_1`, [1])], {}, `${prefix}_max_rows`), RowScoreNames.max, 1, ['score_rows']);
  g.output(sumExp, RowScoreNames.sumExp, 11, ['score_rows']);

  const targetLogits = g.op('GatherElements', [logits, targets], { axis: { int: 1 } }, `${prefix}_target_logits`); // [R, K]
  g.output(targetLogits, RowScoreNames.targetLogits, 1, ['score_rows', 'score_targets']);
  const above = g.op(
    'Sub',
    [g.op('Unsqueeze', [logits, g.int64s(`${prefix}_axis_1b`, [1])], {}, `${prefix}_logits_3d`), g.op('Unsqueeze', [targetLogits, g.int64s(`${prefix}_axis_2`, [2])], {}, `${prefix}_targets_3d`)],
    {},
    `${prefix}_above`,
  ); // [R, K, V]
  const higher = g.op('HardSigmoid', [above], { alpha: 1e30, beta: 0 }, `${prefix}_higher`);
  const ranks = g.op('Add', [reduce('ReduceSum', higher, 2, false, `${prefix}_count`), g.scalar(`${prefix}_rank_base`, 1)], {}, `${prefix}_ranks`);
  g.output(ranks, RowScoreNames.targetRanks, 1, ['score_rows', 'score_targets']);

  const [values, indices] = g.opMulti('TopK', [logits, topK], 2, { axis: { int: -1 }, largest: { int: 1 }, sorted: { int: 1 } }, `${prefix}_top`);
  g.output(values, RowScoreNames.topLogits, 1, ['score_rows', 'top_k']);
  g.output(indices, RowScoreNames.topIds, 7, ['score_rows', 'top_k']);
}

/** What a scoring run asks for: flat rows b·width + column, each row's target ids, and k. */
export interface RowScoreRequest {
  rows: number[];
  /** per row, the token ids whose logit and rank to read (may be empty) */
  targets: number[][];
  /** top tokens per row, ≥ 1 */
  topK: number;
}

/** The tail's outputs for one run, row-major; `targetsPerRow` is the padded width of `targets`. */
export interface RowScores {
  targetsPerRow: number;
  topK: number;
  max: Float32Array;
  sumExp: Float64Array;
  targetLogits: Float32Array;
  targetRanks: Float32Array;
  topLogits: Float32Array;
  topIds: BigInt64Array;
}

/**
 * The extra inputs of a request, as raw data and dims (each backend wraps them in its own tensor
 * type). `scoring` false: a logits-only run, whose tail scores flat position 0 alone (it exists
 * in every batch; onnxruntime 1.30 crashes on a tail over zero rows).
 */
export function rowScoreInputs(
  request: RowScoreRequest,
  vocabSize: number,
  scoring = true,
): { scoredRows: { data: BigInt64Array; dims: number[] }; targets: { data: BigInt64Array; dims: number[] }; topK: { data: BigInt64Array; dims: number[] }; targetsPerRow: number; k: number } {
  const rows = scoring ? request.rows : [0];
  const targets = scoring ? request.targets : [];
  const width = Math.max(1, ...targets.map((t) => t.length));
  const data = new BigInt64Array(rows.length * width);
  targets.forEach((ids, r) => {
    // pad by repeating the row's first id (or 0): padded columns are computed and ignored
    for (let j = 0; j < width; j++) data[r * width + j] = BigInt(ids[Math.min(j, ids.length - 1)] ?? 0);
  });
  const k = Math.max(1, Math.min(request.topK, vocabSize));
  const scoredRows = { data: BigInt64Array.from(rows, (r) => BigInt(r)), dims: [rows.length] };
  return { scoredRows, targets: { data, dims: [rows.length, width] }, topK: { data: BigInt64Array.of(BigInt(k)), dims: [1] }, targetsPerRow: width, k };
}
