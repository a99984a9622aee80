import type { ScoringEngine } from '../models/scoring-engine.ts';
import { shareFromCli, type ShareRequest } from '../web/share-from-cli.ts';
import type { ModelCliOptions } from './options.ts';

/** `--share`: store the result and print its link; on stderr under `--json`, so stdout stays one JSON document. */
export async function printShareLine(engine: ScoringEngine, options: ModelCliOptions & { json?: boolean }, request: ShareRequest): Promise<void> {
  const line = await shareFromCli(engine, options, request);
  if (options.json) console.error(line);
  else console.log(line);
}
