import { openCatalog } from '../catalog/open-catalog.ts';
import { resolveEngineKind } from '../models/engine-kind.ts';
import { modelRevision } from '../models/model-revision.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { publicUrl, ResultLinks } from './result-links.ts';
import type { NewResult, ResultKind } from './result-record.ts';
import { ResultRepository } from './result-repository.ts';
import { toolVersion } from '../common/tool-version.ts';

/** The one model flag a shared record needs: which engine ran (it decides the revision hash). */
export interface ShareEngineOptions {
  engine?: string;
}

/** What a command shares: its kind, its input, its `--json` output and the seed that made it (if any). */
export interface ShareRequest {
  kind: ResultKind;
  seed: number | null;
  input: Record<string, unknown>;
  output: object;
}

/** The record of a result computed here: the model's id and the hash of the weights that ran. */
export async function resultFromEngine(engine: ScoringEngine, options: ShareEngineOptions, request: ShareRequest): Promise<NewResult> {
  return {
    kind: request.kind,
    model: { id: engine.modelId, revision: await modelRevision(engine.loaded.source, resolveEngineKind(options.engine)) },
    tool_version: toolVersion(),
    seed: request.seed,
    input: request.input,
    // a round trip through JSON: the record holds exactly what `--json` prints
    output: JSON.parse(JSON.stringify(request.output)) as Record<string, unknown>,
  };
}

/**
 * `--share`: store the result in the catalog (DATABASE_URL, else the embedded PGlite one)
 * and return the line to print: the link `hunt serve` shows it at (HUNT_PUBLIC_URL).
 */
export async function shareFromCli(engine: ScoringEngine, options: ShareEngineOptions, request: ShareRequest): Promise<string> {
  const record = await resultFromEngine(engine, options, request);
  const base = publicUrl();
  const catalog = await openCatalog();
  try {
    const { url } = await new ResultLinks(new ResultRepository(catalog.sql), base).share(record);
    return `Shared: ${url}`;
  } finally {
    await catalog.close();
  }
}
