import { seededRng, type Rng } from '../common/random.ts';
import { proportion, type Proportion } from './proportion-interval.ts';
import type { BatchResult, MineExample, MinedInstance } from './scan-protocol.ts';

/** Samples of each kind of judged match shown to people. */
export const SAMPLES_PER_KIND = 10;

export interface MineSamples {
  agree: MineExample[];
  disagree: MineExample[];
  declined: MineExample[];
}

/** What the judged matches of a corpus add up to (the pure half of `hunt mine`'s report). */
export interface MineFigures {
  /** every regex match */
  matches: number;
  /** matches judged: at most max_per_doc per document, identical prompts once */
  judged: number;
  /** matches over the per-document cap, not judged */
  capped: number;
  /** matches whose prompt and answer were judged before (boilerplate, mirrored pages) */
  duplicates: number;
  /** judged matches where the heuristic gave no answer */
  declined: number;
  answered: number;
  /** regex precision: judged matches that are real instances (the heuristic answers and the task's precondition holds) */
  precision: Proportion;
  /** heuristic agreement: answered matches whose answer is what the text says next, exactly */
  agreement: Proportion;
  /** the same, lenient: first token, case-folded */
  agreement_lenient: Proportion;
  census: { label: string; count: number }[];
  samples: MineSamples;
  examples: MineExample[];
  /** real instances kept for `--out` (all, or a seeded reservoir sample of `sample` of them) */
  instances_total: number;
}

/**
 * Adds batch results in corpus order: dedupes identical prompts, tallies the figures, keeps
 * the first samples of each kind, and keeps the instances — every one, handed to `emit` as they
 * come, or a uniform random sample of a fixed size (reservoir sampling, seeded: the same
 * corpus gives the same sample) when `sample` is set.
 */
export class MineTally {
  private readonly seen = new Set<number>();
  private readonly rng: Rng;
  private readonly reservoir: { at: number; instance: MinedInstance }[] = [];
  private counts = { matches: 0, judged: 0, capped: 0, duplicates: 0, declined: 0, answered: 0, instances: 0, agreed: 0, lenient: 0, mined: 0 };
  private census: number[];
  private readonly samples: MineSamples = { agree: [], disagree: [], declined: [] };
  private readonly examples: MineExample[] = [];

  constructor(
    private readonly options: { censusLabels: string[]; examples: number; sample?: number; seed: number; emit?: (instances: MinedInstance[]) => void },
  ) {
    this.rng = seededRng(options.seed ^ 0x9e3779b9);
    this.census = options.censusLabels.map(() => 0);
  }

  add(result: BatchResult): void {
    const c = this.counts;
    c.matches += result.matches;
    c.capped += result.capped;
    result.census.forEach((n, i) => (this.census[i] += n));
    const emitted: MinedInstance[] = [];
    for (const r of result.records) {
      if (this.seen.has(r.key)) {
        c.duplicates++;
        continue;
      }
      this.seen.add(r.key);
      c.judged++;
      if (r.kind === 'declined') c.declined++;
      else c.answered++;
      if (r.kind === 'agree') c.agreed++;
      if (r.lenient) c.lenient++;
      if (r.instance) c.instances++;
      const kept = this.samples[r.kind];
      if (kept.length < SAMPLES_PER_KIND) kept.push(r.example);
      if (this.examples.length < this.options.examples) this.examples.push(r.example);
      if (r.mined) {
        c.mined++;
        if (this.options.sample === undefined) emitted.push(r.mined);
        else this.offer(r.mined, c.mined);
      }
    }
    if (emitted.length > 0) this.options.emit?.(emitted);
  }

  /** Reservoir sampling (Algorithm R): the i-th instance replaces a kept one with probability sample / i. */
  private offer(instance: MinedInstance, i: number): void {
    const size = this.options.sample!;
    if (this.reservoir.length < size) this.reservoir.push({ at: i, instance });
    else {
      const j = Math.floor(this.rng() * i);
      if (j < size) this.reservoir[j] = { at: i, instance };
    }
  }

  /** The sampled instances, in corpus order (empty without `sample`). */
  sampled(): MinedInstance[] {
    return [...this.reservoir].sort((a, b) => a.at - b.at).map((kept) => kept.instance);
  }

  figures(): MineFigures {
    const c = this.counts;
    return {
      matches: c.matches,
      judged: c.judged,
      capped: c.capped,
      duplicates: c.duplicates,
      declined: c.declined,
      answered: c.answered,
      precision: proportion(c.instances, c.judged),
      agreement: proportion(c.agreed, c.answered),
      agreement_lenient: proportion(c.lenient, c.answered),
      census: this.options.censusLabels.map((label, i) => ({ label, count: this.census[i] })),
      samples: this.samples,
      examples: this.examples,
      instances_total: c.mined,
    };
  }
}
