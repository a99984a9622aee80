import type { DiscoverPartial } from '../discover/discover-partial.ts';
import { emitCandidateTask } from '../discover/emit-task.ts';
import type { DiscoverResult } from '../discover/merge-partials.ts';
import { mergeDiscoverShards } from '../queue/discover-shards.ts';
import { parseTaskFileText } from '../tasks/declarative-task.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotMessage } from './bot-message.ts';
import { candidateForm } from './candidate-form.ts';
import type { Proposal } from './discover-proposals.ts';
import { CANDIDATES_SHOWN, discoverResultMessage, type KeptProposals } from './embeds/discover-result.ts';

/**
 * Each candidate shown, as a task file and the form pre-filled with it, for its buttons, by its
 * place in the report. A candidate whose task cannot be written (no kept win) gets no buttons.
 */
function proposalsOf({ report, instances }: DiscoverResult, deps: Pick<BotDeps, 'log'>): Map<number, Proposal> {
  const proposals = new Map<number, Proposal>();
  report.candidates.slice(0, CANDIDATES_SHOWN).forEach((candidate, index) => {
    let file: string;
    try {
      file = emitCandidateTask(report, candidate, instances.get(candidate.id) ?? []);
    } catch (err) {
      deps.log.warn({ err, candidate: candidate.id }, 'no task file for a discovered candidate');
      return;
    }
    const definition = parseTaskFileText(file, `${candidate.id}.yaml`);
    const rate = candidate.rate.value === null ? '' : ` (${(100 * candidate.rate.value).toFixed(1)}%)`;
    const note = `Found by /discover in ${report.corpus} with ${report.model}: ${candidate.wins} in-context wins of ${candidate.positions} positions${rate}, ${candidate.per_mb.toFixed(1)} per MB; features: ${candidate.signature.join(', ') || 'none known'}.`;
    const form = candidateForm(definition, note);
    proposals.set(index, {
      candidate: candidate.id,
      title: String(definition.title),
      file,
      prompts: form.prompts,
      form: 'form' in form ? form.form : null,
      ...('problem' in form ? { problem: form.problem } : {}),
    });
  });
  return proposals;
}

/** Keep the proposals for their buttons; a store out of reach costs the buttons, never the result. */
async function keepProposals(deps: Pick<BotDeps, 'log' | 'proposals'>, proposals: Map<number, Proposal>): Promise<KeptProposals | undefined> {
  if (!deps.proposals || proposals.size === 0) return undefined;
  try {
    return { runId: await deps.proposals.save(proposals), indices: new Set(proposals.keys()) };
  } catch (err) {
    deps.log.warn({ err }, 'could not keep the discovered candidates: the result goes without buttons');
    return undefined;
  }
}

/**
 * A finished scan's answer: every shard merged (queue/discover-shards.ts), the candidates shown
 * kept in Redis for their buttons, and the result message. The same for `/discover` and for a
 * restarted bot that posts the result of a scan its predecessor started (resume-pending.ts).
 */
export async function discoveredMessage(deps: Pick<BotDeps, 'log' | 'proposals'>, partials: readonly DiscoverPartial[]): Promise<BotMessage> {
  const result = mergeDiscoverShards(partials);
  const kept = deps.proposals ? await keepProposals(deps, proposalsOf(result, deps)) : undefined;
  return discoverResultMessage(result.report, kept);
}
