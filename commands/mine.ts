import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { mineProgressMessage, mineResultMessage } from '../bot/embeds/mine-result.ts';
import { mineRefusal, type MineCommandConfig } from '../bot/mine-access.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { UserError } from '../bot/user-messages.ts';
import { InputError } from '../common/errors.ts';
import { prepareMineRun, queueMineRun, waitForMine } from '../queue/mine-flow.ts';
import { BUILTIN_TASKS } from '../tasks/builtin/index.ts';

/** Progress edits at most this often (Discord rate-limits edits; a shard a second would spend them). */
export const MINE_PROGRESS_EVERY_MS = 5_000;
/** How long the bot follows a run; it goes on in the queue after that (`hunt result <id>`). */
const MINE_WAIT_MS = 24 * 3600_000;

/** The built-in tasks that can be mined: those with a regex. */
const MINABLE = BUILTIN_TASKS.filter((t) => t.regex).map((t) => t.id);

/** The member's roles in this server, as the interaction carries them (none outside a server). */
function memberRoles(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * `/mine task corpus`: mine a configured corpus for a built-in task on the queue (as `hunt
 * enqueue mine --wait`), editing one message with the shards done and MB/s, then the report's
 * key figures. Moderated (bot/mine-access.ts): a user who may not start it is told why and
 * who can, and nothing is queued; a corpus is picked by name, never given as a path.
 */
export function mineCommand(config: MineCommandConfig): SlashCommand {
  const every = config.progressEveryMs ?? MINE_PROGRESS_EVERY_MS;
  return {
    data: new SlashCommandBuilder()
      .setName('mine')
      .setDescription('mine a corpus for a built-in behaviour: regex precision and heuristic agreement (moderated)')
      .addStringOption((o) =>
        o
          .setName('task')
          .setDescription('a built-in task')
          .setRequired(true)
          .addChoices(...MINABLE.map((id) => ({ name: id, value: id }))),
      )
      .addStringOption((o) => {
        o.setName('corpus').setDescription('a corpus this bot offers').setRequired(true);
        return config.corpora.length ? o.addChoices(...config.corpora.map((c) => ({ name: c.name, value: c.name }))) : o;
      }),

    async execute(interaction, reply, deps) {
      const refusal = mineRefusal(config, { guildId: interaction.guildId, channelId: interaction.channelId, roles: memberRoles(interaction) });
      if (refusal) throw new UserError('not_allowed', refusal);
      const task = interaction.options.getString('task', true);
      const name = interaction.options.getString('corpus', true);
      if (!MINABLE.includes(task)) throw new InputError('bad_option', `no built-in task "${task.slice(0, 64)}" can be mined (tasks: ${MINABLE.join(', ')})`);
      // Discord sends only listed choices, but commands registered before the list changed offer old ones
      const corpus = config.corpora.find((c) => c.name === name);
      if (!corpus) {
        throw new InputError('bad_option', `no corpus "${name.slice(0, 64)}" here (${config.corpora.length ? `offered: ${config.corpora.map((c) => c.name).join(', ')}` : 'none is offered: an admin sets HUNT_MINE_CORPORA'})`);
      }
      if (!(await reply.defer())) return;
      const settings = { task: { builtin: task }, ...(config.model ? { model: config.model } : {}) };
      // planned before the quota is taken: a corpus the operator configured but this machine cannot
      // list is the operator's problem, worded without its path, and costs the user nothing
      let prepared;
      try {
        prepared = await prepareMineRun({ settings, corpus: corpus.path, shardBytes: config.shardBytes, examples: 0 });
      } catch (err) {
        deps.log.warn({ err, corpus: name }, 'mine corpus cannot be planned');
        throw new InputError('bad_option', `the corpus "${name}" cannot be read on the bot's machine: tell the bot's operator (HUNT_MINE_CORPORA)`);
      }
      await deps.producer.takeQuota(interaction.user.id);
      const run = await queueMineRun(config.queue, prepared);
      deps.log.info({ task, corpus: name, run: run.id, shards: run.shards }, 'mine queued');
      const started = deps.clock.now();
      const seconds = () => (deps.clock.now() - started) / 1000;
      await reply.result(mineProgressMessage(task, name, run.id, { shardsDone: 0, shardsTotal: run.shards, bytesDone: 0, bytesTotal: run.bytes, state: 'waiting' }, seconds()));
      // One edit in flight at a time, at most one per `every`, and only when a shard has finished;
      // only as edits: once the token has expired each would be a new channel message.
      let lastEdit = started;
      let lastShards = 0;
      let editing: Promise<unknown> | undefined;
      const result = await waitForMine(config.queue, run.id, {
        timeoutMs: MINE_WAIT_MS,
        // a bot shutting down stops waiting (the run goes on; a /mine wait is not resumed by the next bot)
        stopped: () => deps.pending?.stopping ?? false,
        pollMs: 2_000,
        onProgress(p) {
          const now = deps.clock.now();
          if (editing || p.state === 'completed' || p.shardsDone === lastShards || now - lastEdit < every || !reply.tokenAlive()) return;
          lastEdit = now;
          lastShards = p.shardsDone;
          editing = reply.result(mineProgressMessage(task, name, run.id, p, seconds())).finally(() => (editing = undefined));
        },
      });
      await editing;
      await reply.result(mineResultMessage(result.report, name, run.id));
    },
  };
}
