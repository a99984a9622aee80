import type { APIEmbed } from 'discord.js';
import type { BotMessage } from '../bot-message.ts';
import { COLORS } from './embed-text.ts';

/** `/help`: what each command does and the formats it reads. */
export function helpMessage(threshold: number): BotMessage {
  const embed: APIEmbed = {
    title: 'Hunting behaviours in GPT-2 small',
    color: COLORS.info,
    description:
      'Try prompts, spot a pattern GPT-2 small follows, submit it as a task with an expected answer; ' +
      `the bot evaluates it, and tasks with ${threshold} net 👍 enter the shared catalog.`,
    fields: [
      { name: '/complete prompt', value: 'The top next tokens with probabilities (table and chart) and a greedy continuation. Spaces in tokens show as ␣.' },
      { name: '/score prompt answers', value: 'Rank, probability and logit of each answer, and the logit difference of the first two. Separate answers with |: `John | Mary`; each is a new word after the prompt; `"…"` keeps spacing exactly.' },
      {
        name: '/task submit [file]',
        value:
          'Without a file: a form (name, template, expected answer, distractor, description). A template has slots, e.g. ' +
          '`When {A} and {B} went to the store, {B} gave a flower to` with expected `{A}` and distractor `{B}`. ' +
          'With a file: a JSON or YAML task definition. The reply shows metrics, verdict and the worst instances, with 👍 / 👎 buttons.',
      },
      { name: '/task show id · /task list [sort] [verdict]', value: 'One submitted task in full; submitted tasks by votes (top) or date (new), optionally one verdict.' },
      { name: '/catalog [export]', value: 'The catalogued tasks; `export` attaches the whole catalog as a file (JSONL, CSV or Markdown).' },
      {
        name: '/discover corpus [docs]',
        value:
          'Scans a corpus for places where GPT-2 predicts from far back in the text what an n-gram model and GPT-2 on a short context cannot, and posts the candidate behaviours with examples. ' +
          '**Propose as task** opens the submit form with one of its prompts; **Task file** gives all of them. Moderated: the bot says who may start it.',
      },
      { name: 'Votes', value: `One vote per person per task: pressing the same button again withdraws it, the other button changes it. At ${threshold} net upvotes the task enters the catalog, once.` },
    ],
  };
  return { embeds: [embed] };
}
