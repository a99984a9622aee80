import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScoringEngine } from '../../models/scoring-engine.ts';
import type { Provenance } from '../../tasks/eval-report.ts';

/** the tool's version, from package.json */
function toolVersion(): string {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
  try {
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** sha256 of a file, streamed (GPT-2 small's weights are 500 MB) */
function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * What reproduces a report: tool version, engine, model and its revision (the weights file's
 * sha256, first 16 hex digits, for a local folder; null for a hub model, whose files the cache
 * holds under its own revision), seed and n.
 */
export async function evalProvenance(
  engine: ScoringEngine,
  options: { engine?: string; seed: number; n: number | null; baselineCorpus?: string },
): Promise<Provenance> {
  const folder = engine.loaded.source.folder;
  const weights = folder && ['model.safetensors', 'onnx/model.onnx'].map((f) => path.join(folder, f)).find((f) => existsSync(f));
  return {
    tool_version: toolVersion(),
    engine: options.engine ?? process.env.HUNT_ENGINE ?? 'transformers',
    model: engine.modelId,
    model_revision: weights ? `sha256:${(await sha256(weights)).slice(0, 16)}` : null,
    seed: options.seed,
    n: options.n,
    baseline_corpus: options.baselineCorpus ?? null,
  };
}
