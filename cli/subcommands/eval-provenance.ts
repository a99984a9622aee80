import { toolVersion } from '../../common/tool-version.ts';
import { resolveEngineKind } from '../../models/engine-kind.ts';
import { modelRevision } from '../../models/model-revision.ts';
import type { ScoringEngine } from '../../models/scoring-engine.ts';
import type { Provenance } from '../../tasks/eval-report.ts';

/**
 * What reproduces a report: tool version, engine, model and its revision (the weights file's
 * sha256, first 16 hex digits, for a local folder; null for a hub model, whose files the cache
 * holds under its own revision), seed and n.
 */
export async function evalProvenance(
  engine: ScoringEngine,
  options: { engine?: string; seed: number; n: number | null; baselineCorpus?: string },
): Promise<Provenance> {
  const kind = resolveEngineKind(options.engine);
  const revision = await modelRevision(engine.loaded.source, kind);
  return {
    tool_version: toolVersion(),
    engine: kind,
    model: engine.modelId,
    model_revision: revision.startsWith('sha256:') ? revision : null,
    seed: options.seed,
    n: options.n,
    baseline_corpus: options.baselineCorpus ?? null,
  };
}
