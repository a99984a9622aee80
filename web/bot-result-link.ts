import type { Logger } from 'pino';
import type { NewResult, ResultKind } from './result-record.ts';
import type { ResultLinks } from './result-links.ts';
import { toolVersion } from '../common/tool-version.ts';
import type { EvaluationProvenance } from '../queue/job-result-types.ts';

export interface ResultLinkDeps {
  /** where results are stored and linked; absent → replies carry no link */
  resultLinks?: Pick<ResultLinks, 'share'>;
  log: Logger;
}

/**
 * The record of a result computed by a worker: the model id its report names. An evaluation's
 * result says which weights and which tool version computed it (its provenance); other kinds
 * do not, so their weights are left unknown and the tool version is the bot's.
 */
export function jobResultRecord(
  kind: ResultKind,
  input: Record<string, unknown>,
  output: object & { model?: string },
  seed: number | null,
  provenance?: Pick<EvaluationProvenance, 'model_revision' | 'tool_version'>,
): NewResult {
  return {
    kind,
    model: { id: output.model ?? 'unknown', revision: provenance?.model_revision ?? null },
    tool_version: provenance?.tool_version ?? toolVersion(),
    seed,
    input,
    output: JSON.parse(JSON.stringify(output)) as Record<string, unknown>,
  };
}

/**
 * Store a bot result and give the link to its page. A store that fails costs the reply
 * its link, not the reply: the failure is logged and undefined returned.
 */
export async function resultLinkFor(deps: ResultLinkDeps, record: NewResult): Promise<string | undefined> {
  if (!deps.resultLinks) return undefined;
  try {
    return (await deps.resultLinks.share(record)).url;
  } catch (err) {
    deps.log.warn({ err, kind: record.kind }, 'result not stored; the reply goes without its link');
    return undefined;
  }
}
