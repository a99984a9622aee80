import { SlashCommandBuilder } from 'discord.js';
import type { ServedModels } from '../bot/bot-config.ts';
import { chosenModel, modelOption } from '../bot/model-option.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { completeResultMessage } from '../bot/embeds/complete-result.ts';
import { previewJob } from '../bot/job-preview.ts';
import { awaitResult, enqueueFor, trackPending } from '../bot/run-job.ts';
import { renderTopKChart } from '../bot/top-k-chart.ts';
import { InputError } from '../common/errors.ts';
import { parseJob } from '../queue/job-schemas.ts';
import { jobResultRecord, resultLinkFor } from '../web/bot-result-link.ts';

/** Discord's own cap on a string option. */
export const PROMPT_OPTION_MAX = 6_000;
/** Most rows in the table and the chart: more do not fit one embed field. */
export const TOP_OPTION_MAX = 20;
export const TOKENS_OPTION_MAX = 50;

/**
 * `/complete prompt [top] [tokens] [bos] [truncate] [model]`: a model's next-token distribution and a
 * greedy continuation. Built for the served models: they are the `model` option's choices. The
 * distribution is shown as soon as the worker has it (the job's progress); the continuation is
 * edited in when it is generated.
 */
export function completeCommand(served: ServedModels): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName('complete')
      .setDescription("GPT-2 small's top next tokens for a prompt, with a chart and a greedy continuation")
      .addStringOption((o) => o.setName('prompt').setDescription('the text to continue').setRequired(true).setMaxLength(PROMPT_OPTION_MAX))
      .addIntegerOption((o) => o.setName('top').setDescription(`how many next tokens to list (1–${TOP_OPTION_MAX}, default 10)`).setMinValue(1).setMaxValue(TOP_OPTION_MAX))
      .addIntegerOption((o) => o.setName('tokens').setDescription(`continuation length in tokens (0–${TOKENS_OPTION_MAX}, default 20)`).setMinValue(0).setMaxValue(TOKENS_OPTION_MAX))
      .addBooleanOption((o) => o.setName('bos').setDescription('prepend <|endoftext|> as TransformerLens does (default true)'))
      .addBooleanOption((o) => o.setName('truncate').setDescription('cut a prompt longer than the context on the left instead of failing'))
      .addStringOption((o) => modelOption(o, served)),

    async execute(interaction, reply, deps) {
      const input = {
        prompt: interaction.options.getString('prompt', true),
        top: interaction.options.getInteger('top') ?? 10,
        tokens: interaction.options.getInteger('tokens') ?? 20,
        bos: interaction.options.getBoolean('bos') ?? true,
        truncate: interaction.options.getBoolean('truncate') ?? false,
      };
      const model = chosenModel(interaction, served);
      const parsed = parseJob('complete', input);
      if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
      if (!(await reply.defer())) return;
      const job = await enqueueFor(reply, deps, 'complete', input, model);
      const pending = await trackPending(reply, deps, 'complete', [job]);
      const preview = previewJob(reply, deps, { ...job, name: 'complete' }, (view) => completeResultMessage(view, renderTopKChart(view.top)));
      try {
        let report;
        try {
          report = await awaitResult(deps, { ...job, name: 'complete' }, pending);
        } finally {
          await preview.end(); // the result, or the error, replaces a first view: never the other way round
        }
        if (!report) return;
        // The footer names the model the worker reports (report.model): the one that computed it.
        const link = await resultLinkFor(deps, jobResultRecord('complete', parsed.job.data, report, null));
        if (!(await pending.claim())) return; // a restarted bot took the wait over and posts it
        await reply.result(completeResultMessage(report, renderTopKChart(report.top), link));
      } finally {
        await pending.forget();
      }
    },
  };
}
