import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { ShareRequest } from '../web/share-from-cli.ts';
import type { ModelCliOptions } from './options.ts';

/** `--share`: store the result and print its link; on stderr under `--json`, so stdout stays one JSON document. */
export async function printShareLine(engine: ScoringEngine, options: ModelCliOptions & { json?: boolean }, request: ShareRequest): Promise<void> {
  // Loaded here, not at the top: the catalog (PGlite, pg, zod) costs every run a noticeable
  // part of its start-up, and only --share needs it.
  const { shareFromCli } = await import('../web/share-from-cli.ts');
  const line = await shareFromCli(engine, options, request);
  if (options.json) console.error(line);
  else console.log(line);
}
