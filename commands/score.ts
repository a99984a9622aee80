import { SlashCommandBuilder } from 'discord.js';
import { parseAnswerList, ANSWER_SEPARATOR } from '../bot/answer-list.ts';
import type { ServedModels } from '../bot/bot-config.ts';
import { chosenModel, modelOption } from '../bot/model-option.ts';
import type { SlashCommand } from '../bot/slash-command.ts';
import { scoreResultMessage } from '../bot/embeds/score-result.ts';
import { awaitResult, enqueueFor, trackPending } from '../bot/run-job.ts';
import { InputError } from '../common/errors.ts';
import { mergeScoreReports, type ScoreReport } from '../reports/score-report.ts';
import { ANSWERS_MAX, parseJob, type JobInput } from '../queue/job-schemas.ts';
import { jobResultRecord, resultLinkFor } from '../web/bot-result-link.ts';
import { PROMPT_OPTION_MAX } from './complete.ts';

/** Most answers one `/score` takes; above the queue's ANSWERS_MAX they are scored as several jobs. */
export const SCORE_ANSWERS_MAX = 50;

/**
 * The answers in queue-sized chunks. Every chunk scores against the same prompt, so the
 * merged report equals one big job's: answers in order, logit difference and top tokens
 * from the first chunk (which holds the first two answers).
 */
export function answerChunks(answers: string[], size = ANSWERS_MAX): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < answers.length; i += size) chunks.push(answers.slice(i, i + size));
  return chunks;
}

/** `/score prompt answers [top] [bos] [truncate] [model]`: rank, probability and logit of each answer; the logit difference of the first two. */
export function scoreCommand(served: ServedModels): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName('score')
      .setDescription('rank, probability and logit of answers after a prompt, and the logit difference of the first two')
      .addStringOption((o) => o.setName('prompt').setDescription('the text before the answers').setRequired(true).setMaxLength(PROMPT_OPTION_MAX))
      .addStringOption((o) =>
        o.setName('answers').setDescription(`answers separated by ${ANSWER_SEPARATOR}, e.g. John ${ANSWER_SEPARATOR} Mary ("…" keeps spacing exactly)`).setRequired(true).setMaxLength(PROMPT_OPTION_MAX),
      )
      .addIntegerOption((o) => o.setName('top').setDescription('how many next tokens to list (1–20, default 10)').setMinValue(1).setMaxValue(20))
      .addBooleanOption((o) => o.setName('bos').setDescription('prepend <|endoftext|> as TransformerLens does (default true)'))
      .addBooleanOption((o) => o.setName('truncate').setDescription('cut a prompt longer than the context on the left instead of failing'))
      .addStringOption((o) => modelOption(o, served)),

    async execute(interaction, reply, deps) {
      const prompt = interaction.options.getString('prompt', true);
      const model = chosenModel(interaction, served);
      const answers = parseAnswerList(interaction.options.getString('answers', true), prompt);
      if (answers.length > SCORE_ANSWERS_MAX) throw new InputError('bad_payload', `at most ${SCORE_ANSWERS_MAX} answers (got ${answers.length})`);
      const common = {
        prompt,
        top: interaction.options.getInteger('top') ?? 10,
        bos: interaction.options.getBoolean('bos') ?? true,
        truncate: interaction.options.getBoolean('truncate') ?? false,
      };
      const inputs: JobInput<'score'>[] = answerChunks(answers).map((chunk) => ({ ...common, answers: chunk }));
      for (const input of inputs) {
        const parsed = parseJob('score', input);
        if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
      }
      if (!(await reply.defer())) return;
      const jobs = [];
      for (const input of inputs) {
        const job = await enqueueFor(reply, deps, 'score', input, model);
        jobs.push({ ...job, name: 'score' as const });
      }
      const pending = await trackPending(reply, deps, 'score', jobs);
      try {
        const reports: ScoreReport[] = [];
        for (const job of jobs) {
          const report = await awaitResult(deps, job, pending);
          if (!report) return;
          reports.push(report);
        }
        const merged = mergeScoreReports(reports);
        const link = await resultLinkFor(deps, jobResultRecord('score', { ...common, answers }, merged, null));
        if (!(await pending.claim())) return; // a restarted bot took the wait over and posts it
        await reply.result(scoreResultMessage(merged, link));
      } finally {
        await pending.forget();
      }
    },
  };
}
