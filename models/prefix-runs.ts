import type { WantedRow } from './answer-scoring.ts';

/**
 * Sequences that begin with the same prompt, laid out to run the prompt once: its rows that are
 * wanted (with every sequence that reads each), and the sequences that go on past it, whose
 * remaining tokens then run on the prompt's KV cache. Scoring several multi-token answers after
 * one prompt then costs the prompt once, not once per answer.
 */
export interface PrefixRun {
  ids: number[];
  rows: { position: number; targets: number[]; seqs: number[] }[];
  /** sequences longer than the prompt */
  continuations: number[];
}

/** Group sequences by their first `prefixLength(seq)` tokens; `wanted(seq)` lists the rows each sequence needs. */
export function prefixRuns(sequences: number[][], prefixLength: (seq: number) => number, wanted: (seq: number) => WantedRow[]): PrefixRun[] {
  const runs: PrefixRun[] = [];
  const byKey = new Map<string, PrefixRun>();
  sequences.forEach((sequence, seq) => {
    const ids = sequence.slice(0, prefixLength(seq));
    const key = ids.join(',');
    let run = byKey.get(key);
    if (!run) {
      run = { ids, rows: [], continuations: [] };
      byKey.set(key, run);
      runs.push(run);
    }
    for (const w of wanted(seq)) {
      if (w.position >= ids.length) continue;
      let row = run.rows.find((r) => r.position === w.position);
      if (!row) {
        row = { position: w.position, targets: [], seqs: [] };
        run.rows.push(row);
      }
      for (const id of w.targets) if (!row.targets.includes(id)) row.targets.push(id);
      row.seqs.push(seq);
    }
    if (sequence.length > ids.length) run.continuations.push(seq);
  });
  for (const run of runs) run.rows.sort((a, b) => a.position - b.position);
  return runs;
}
