import { BaselineLM, type BaselineBase } from './baseline-lm.ts';

/** probability left for tokens not in the context, so no answer is impossible (log 0) */
const UNSEEN_MASS = 1e-3;

/**
 * The copying baseline: the next token is one of the tokens already in the context, each in
 * proportion to how often it occurred there (<|endoftext|> left out). It knows no order, no
 * position and no language: any "behaviour" it shows is copying. A task whose clean prompt
 * gives the answer more often than its control only because the control dropped the answer
 * from the context is exposed by this baseline.
 *
 * @example P(" fish" | " cat fish dog cat") = (1 − 1e-3) · 1/4 + 1e-3/50257
 */
export class CopierLM extends BaselineLM {
  private readonly floor: number;

  constructor(base: BaselineBase) {
    super('copier', base);
    this.floor = Math.log(UNSEEN_MASS / base.vocabSize);
  }

  logProbOf(context: ArrayLike<number>, token: number): number {
    let count = 0;
    let total = 0;
    for (let i = 0; i < context.length; i++) {
      if (context[i] === this.bosId) continue;
      total++;
      if (context[i] === token) count++;
    }
    if (total === 0) return -Math.log(this.vocabSize);
    // the same float32 rounding as a filled row, so both paths agree exactly
    return Math.fround(count === 0 ? this.floor : Math.log((1 - UNSEEN_MASS) * (count / total) + UNSEEN_MASS / this.vocabSize));
  }

  protected fillRow(context: ArrayLike<number>, row: Float32Array): void {
    const counts = new Map<number, number>();
    let total = 0;
    for (let i = 0; i < context.length; i++) {
      const id = context[i];
      if (id === this.bosId) continue;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total++;
    }
    if (total === 0) {
      row.fill(-Math.log(this.vocabSize));
      return;
    }
    row.fill(this.floor);
    const unseen = UNSEEN_MASS / this.vocabSize;
    for (const [id, count] of counts) row[id] = Math.log((1 - UNSEEN_MASS) * (count / total) + unseen);
  }
}
