import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { candidateForm } from '../bot/candidate-form.ts';
import { discoverRefusal, type DiscoverSettings } from '../bot/discover-access.ts';
import type { Proposal } from '../bot/discover-proposals.ts';
import { discoverPendingMessage, discoverResultMessage, CANDIDATES_SHOWN } from '../bot/embeds/discover-result.ts';
import type { BotDeps } from '../bot/bot-deps.ts';
import { awaitResult, enqueueFor } from '../bot/run-job.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { UserError } from '../bot/user-messages.ts';
import { InputError } from '../common/errors.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import type { DiscoverResult } from '../discover/merge-partials.ts';
import { emitCandidateTask } from '../discover/emit-task.ts';
import { discoverShardInputs, mergeDiscoverShards } from '../queue/discover-shards.ts';
import { DISCOVER_N_DOCS_MAX, discoverJobSchema, parseJob } from '../queue/job-schemas.ts';
import { parseTaskFileText } from '../tasks/declarative-task.ts';

/** Documents a scan reads when `docs` is not given: the queue's default (queue/job-schemas.ts). */
export const DISCOVER_DOCS_DEFAULT = discoverJobSchema.shape.n_docs.parse(undefined);

/** The member's roles in this server, as the interaction carries them (none outside a server). */
function memberRoles(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * Each candidate shown, as a task file and the form pre-filled with it, for its buttons, by its
 * place in the report. A candidate whose task cannot be written (no kept win) gets no buttons.
 */
function proposalsOf({ report, instances }: DiscoverResult, corpus: string, deps: BotDeps): Map<number, Proposal> {
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
    const note = `Found by /discover in corpus "${corpus}" with ${report.model}: ${candidate.wins} in-context wins of ${candidate.positions} positions${rate}, ${candidate.per_mb.toFixed(1)} per MB; features: ${candidate.signature.join(', ') || 'none known'}.`;
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
async function keepProposals(deps: BotDeps, proposals: Map<number, Proposal>): Promise<{ runId: string; indices: ReadonlySet<number> } | undefined> {
  if (!deps.proposals || proposals.size === 0) return undefined;
  try {
    return { runId: await deps.proposals.save(proposals), indices: new Set(proposals.keys()) };
  } catch (err) {
    deps.log.warn({ err }, 'could not keep the discovered candidates: the result goes without buttons');
    return undefined;
  }
}

/**
 * `/discover corpus [docs]`: scan a corpus the workers offer for in-context wins (as `hunt
 * discover`), one job per shard, and post the top candidates with a "Propose as task" button
 * each. Moderated (bot/discover-access.ts): a user who may not start it is told why and who
 * can, and nothing is queued. A bot restarted during a scan does not resume its wait (the
 * pending store, bot/pending-jobs.ts, knows complete, score and evaluate only).
 */
export function discoverCommand(settings: DiscoverSettings): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName('discover')
      .setDescription('find new behaviours: where GPT-2 uses far-back context that simple predictors cannot (moderated)')
      .addStringOption((o) => {
        o.setName('corpus').setDescription('a corpus the workers offer').setRequired(true);
        return settings.corpora.length ? o.addChoices(...settings.corpora.map((c) => ({ name: c, value: c }))) : o;
      })
      .addIntegerOption((o) =>
        o.setName('docs').setDescription(`documents to read (default ${DISCOVER_DOCS_DEFAULT.toLocaleString('en-US')}, at most ${DISCOVER_N_DOCS_MAX.toLocaleString('en-US')})`).setMinValue(1).setMaxValue(DISCOVER_N_DOCS_MAX),
      ),

    async execute(interaction, reply, deps: BotDeps) {
      const refusal = discoverRefusal(settings, { guildId: interaction.guildId, channelId: interaction.channelId, roles: memberRoles(interaction) });
      if (refusal) throw new UserError('not_allowed', refusal);
      const corpus = interaction.options.getString('corpus', true);
      // Discord sends only listed choices, but commands registered before the list changed offer old ones
      if (!settings.corpora.includes(corpus)) {
        throw new InputError('bad_option', `no corpus "${corpus.slice(0, 64)}" here (${settings.corpora.length ? `offered: ${settings.corpora.join(', ')}` : 'none is offered: an admin sets HUNT_DISCOVER_CORPORA'})`);
      }
      const docs = interaction.options.getInteger('docs') ?? DISCOVER_DOCS_DEFAULT;
      const inputs = discoverShardInputs({ corpus, n_docs: docs }, settings.shards);
      for (const input of inputs) {
        const parsed = parseJob('discover', input);
        if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
      }
      if (!(await reply.defer())) return;
      // one scan is one request of the user's quota, however many shards it is cut into
      await deps.producer.takeQuota(interaction.user.id);
      const jobs = [];
      for (const input of inputs) jobs.push({ ...(await enqueueFor(reply, deps, 'discover', input, undefined, { quotaTaken: true })), name: 'discover' as const });
      deps.log.info({ corpus, docs, shards: jobs.length, jobs: jobs.map((j) => j.id) }, 'discover queued');
      await reply.result(discoverPendingMessage(corpus, docs, jobs.length));
      const partials: DiscoverPartial[] = [];
      for (const job of jobs) {
        const partial = await awaitResult(deps, job);
        if (!partial) return;
        partials.push(partial);
      }
      const result = mergeDiscoverShards(partials);
      const kept = deps.proposals ? await keepProposals(deps, proposalsOf(result, corpus, deps)) : undefined;
      await reply.result(discoverResultMessage(result.report, kept));
    },
  };
}
