import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { discoverRefusal, type DiscoverSettings } from '../bot/discover-access.ts';
import { discoveredMessage } from '../bot/discovered-message.ts';
import { discoverPendingMessage } from '../bot/embeds/discover-result.ts';
import type { BotDeps } from '../bot/bot-deps.ts';
import { awaitResult, enqueueFor, trackPending } from '../bot/run-job.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { UserError } from '../bot/user-messages.ts';
import { InputError } from '../common/errors.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import { discoverShardInputs } from '../queue/discover-shards.ts';
import { DISCOVER_DOCS_PER_SHARD_MAX, DISCOVER_N_DOCS_MAX, discoverJobSchema, parseJob } from '../queue/job-schemas.ts';

/** Documents a scan reads when `docs` is not given: the queue's default (queue/job-schemas.ts). */
export const DISCOVER_DOCS_DEFAULT = discoverJobSchema.shape.n_docs.parse(undefined);

/** The most documents one scan may read here: every shard full, within the job schema's cap. */
const docsMax = (settings: DiscoverSettings): number => Math.min(DISCOVER_N_DOCS_MAX, DISCOVER_DOCS_PER_SHARD_MAX * settings.shards);

/** The member's roles in this server, as the interaction carries them (none outside a server). */
function memberRoles(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * `/discover corpus [docs]`: scan a corpus the workers offer for in-context wins (as `hunt
 * discover`), one job per shard, and post the top candidates with a "Propose as task" button
 * each. Moderated (bot/discover-access.ts): a user who may not start it is told why and who
 * can, and nothing is queued. A bot restarted during a scan posts the result when it is done
 * (bot/pending-jobs.ts).
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
        // a shard reads at most DISCOVER_DOCS_PER_SHARD_MAX documents, and the operator sets the shards
        o.setName('docs').setDescription(`documents to read (default ${DISCOVER_DOCS_DEFAULT.toLocaleString('en-US')}, at most ${docsMax(settings).toLocaleString('en-US')})`).setMinValue(1).setMaxValue(docsMax(settings)),
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
      const pending = await trackPending(reply, deps, 'discover', jobs);
      try {
        await reply.result(discoverPendingMessage(corpus, docs, jobs.length));
        const partials: DiscoverPartial[] = [];
        for (const job of jobs) {
          const partial = await awaitResult(deps, job, pending);
          if (!partial) return;
          partials.push(partial);
          // progress by shard: cheap (one edit per finished job; the last one is the result). Only as
          // edits: once the token has expired a result would be a new channel message each time.
          if (partials.length < jobs.length && reply.tokenAlive()) await reply.result(discoverPendingMessage(corpus, docs, jobs.length, partials.length));
        }
        const message = await discoveredMessage(deps, partials);
        if (!(await pending.claim())) return; // a restarted bot took the wait over and posts it
        await reply.result(message);
      } finally {
        await pending.forget();
      }
    },
  };
}
