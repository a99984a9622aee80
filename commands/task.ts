import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotDeps } from '../bot/bot-deps.ts';
import type { InteractionReply } from '../bot/interaction-reply.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { taskDetailMessage, taskListMessage, LIST_ROWS } from '../bot/embeds/task-listing.ts';
import { submitTask } from '../bot/submit-task.ts';
import { definitionFromFile, fetchTaskFile } from '../bot/task-submission.ts';
import { UserError } from '../bot/user-messages.ts';
import { InputError } from '../common/errors.ts';
import { taskSubmitModal } from './task-submit-modal.ts';

const VERDICTS = ['strong', 'moderate', 'weak', 'none'] as const;

/** `/task submit [file]`: the form, or an attached JSON/YAML task file. */
async function submit(interaction: ChatInputCommandInteraction, reply: InteractionReply, deps: BotDeps): Promise<void> {
  const file = interaction.options.getAttachment('file');
  if (!file) {
    await reply.showModal(taskSubmitModal());
    return;
  }
  if (!(await reply.defer())) return;
  const definition = definitionFromFile(file.name, await fetchTaskFile(file.url, file.name, file.size));
  await submitTask(reply, deps, definition);
}

/** `/task show id` */
async function show(interaction: ChatInputCommandInteraction, reply: InteractionReply, deps: BotDeps): Promise<void> {
  const id = interaction.options.getInteger('id', true);
  if (!(await reply.defer())) return;
  const detail = await deps.catalog.taskDetail(id);
  if (!detail) throw new InputError('not_found', `There is no task #${id}`);
  await reply.result(taskDetailMessage(detail));
}

/** `/task list [sort] [verdict]` */
async function list(interaction: ChatInputCommandInteraction, reply: InteractionReply, deps: BotDeps): Promise<void> {
  const sort = (interaction.options.getString('sort') ?? 'top') as 'top' | 'new';
  const verdict = interaction.options.getString('verdict') ?? undefined;
  if (!(await reply.defer())) return;
  const tasks = await deps.catalog.listTasks({ sort, verdict, limit: LIST_ROWS });
  await reply.result(taskListMessage(tasks, sort, verdict));
}

/** `/task submit | show | list`: submitted behaviour tasks. */
export const taskCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('task')
    .setDescription('submit, show and list behaviour tasks')
    .addSubcommand((s) =>
      s
        .setName('submit')
        .setDescription('submit a task for evaluation: a form, or an attached JSON/YAML task file')
        .addAttachmentOption((o) => o.setName('file').setDescription('a JSON or YAML task definition (/help shows the format)')),
    )
    .addSubcommand((s) =>
      s
        .setName('show')
        .setDescription('one submitted task: definition, latest evaluation, votes')
        .addIntegerOption((o) => o.setName('id').setDescription('the task number').setRequired(true).setMinValue(1)),
    )
    .addSubcommand((s) =>
      s
        .setName('list')
        .setDescription('submitted tasks')
        .addStringOption((o) => o.setName('sort').setDescription('most upvoted first (top) or newest first (new)').addChoices({ name: 'top', value: 'top' }, { name: 'new', value: 'new' }))
        .addStringOption((o) => o.setName('verdict').setDescription('only tasks with this verdict').addChoices(...VERDICTS.map((v) => ({ name: v, value: v })))),
    ),

  async execute(interaction, reply, deps) {
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'submit') return submit(interaction, reply, deps);
    if (subcommand === 'show') return show(interaction, reply, deps);
    if (subcommand === 'list') return list(interaction, reply, deps);
    throw new UserError('unknown_command', `/task ${subcommand}`);
  },
};
