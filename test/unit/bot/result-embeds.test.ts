import { describe, expect, it } from 'vitest';
import type { CompleteReport } from '../../../reports/complete-report.ts';
import type { ScoreReport } from '../../../reports/score-report.ts';
import { fitMessage, truncationNote } from '../../../bot/fit-message.ts';
import { completeResultMessage } from '../../../bot/embeds/complete-result.ts';
import { scoreResultMessage } from '../../../bot/embeds/score-result.ts';
import { renderTopKChart } from '../../../bot/top-k-chart.ts';
import { checkDiscordLimits } from '../../helpers/discord-payload-limits.ts';
import type { ScoredAnswer } from '../../../models/engine-types.ts';

const COMPLETE: CompleteReport = {
  model: 'local:tiny-gpt2',
  bos: true,
  truncated: 0,
  prompt_tokens: [
    { id: 15496, text: 'Hello' },
    { id: 995, text: ' world' },
  ],
  top: [
    { id: 13, text: '.', prob: 0.5, logprob: -0.693, logit: 2.5 },
    { id: 11, text: ',', prob: 0.25, logprob: -1.386, logit: 1.8 },
  ],
  continuation: '. The',
  continuation_tokens: [
    { id: 13, text: '.' },
    { id: 383, text: ' The' },
  ],
  sampled: false,
};

function answer(text: string, id: number, rank: number): ScoredAnswer {
  return { answer: text, token_ids: [id], tokens: [{ id, text }], logprob: -2, prob: 0.135, token_logprobs: [-2], rank, logit: 1.5, boundary_merge: false };
}

describe('GIVEN a /complete report', () => {
  it('THEN the embed shows the tokenized prompt with visible spaces, the top-k table, the chart, the continuation and the model footer', () => {
    const message = completeResultMessage(COMPLETE, Buffer.from('png'));
    expect(message.embeds).toStrictEqual([
      {
        title: "GPT-2's top 2 next tokens",
        color: 0x5865f2,
        description: "**Tokenized prompt** (3 tokens)\n```\n'<|endoftext|>' 'Hello' '␣world'\n```",
        fields: [
          { name: 'Top 2 next tokens', value: '```\nrank token                prob    logit\n   1 .                  50.00%    2.500\n   2 ,                  25.00%    1.800\n```' },
          { name: 'Greedy continuation (2 tokens)', value: '```\n. The\n```' },
        ],
        image: { url: 'attachment://top-k.png' },
        footer: { text: 'model local:tiny-gpt2 · <|endoftext|> prepended' },
      },
    ]);
    expect(message.files).toStrictEqual([{ name: 'top-k.png', data: Buffer.from('png'), description: 'bar chart of the top next-token probabilities' }]);
    expect(message.shortened).toBe(false);
    expect(fitMessage(message).truncated).toBe(false);
  });

  it('WHEN the prompt has a thousand tokens THEN the token list keeps its head and tail, says how many were left out, and the full report is attached', () => {
    const tokens = Array.from({ length: 1000 }, (_, i) => ({ id: i, text: ` word${i}` }));
    const fitted = fitMessage(completeResultMessage({ ...COMPLETE, prompt_tokens: tokens, truncated: 3 }, Buffer.from('png')));
    expect(checkDiscordLimits({ content: fitted.content, embeds: fitted.embeds })).toStrictEqual([]);
    const description = fitted.embeds![0].description!;
    expect(description).toMatch(/^\*\*Tokenized prompt\*\* \(1001 tokens\)\n```\n'<\|endoftext\|>' '␣word0' /);
    expect(description).toMatch(/… \d+ tokens … .*'␣word999'\n```$/s);
    expect(fitted.embeds![0].footer).toStrictEqual({ text: 'model local:tiny-gpt2 · <|endoftext|> prepended · first 3 prompt tokens cut to fit the context' });
    expect(fitted.files.map((f) => f.name)).toStrictEqual(['top-k.png', 'complete.json']);
    expect(JSON.parse(fitted.files[1].data.toString('utf8')).prompt_tokens).toHaveLength(1000);
    expect(fitted.content).toBe(truncationNote('complete.json'));
  });

  it('WHEN only its first view is known (no continuation yet) THEN the same embed says the continuation is being generated, and only the chart is attached even for a cut prompt', () => {
    const { continuation: _text, continuation_tokens: _tokens, ...view } = COMPLETE;
    const final = completeResultMessage(COMPLETE, Buffer.from('png')).embeds![0];
    const first = completeResultMessage(view, Buffer.from('png'));
    expect(first.embeds).toStrictEqual([{ ...final, fields: [final.fields![0], { name: 'Greedy continuation', value: '*generating…*' }] }]);
    expect(completeResultMessage({ ...view, sampled: true }, Buffer.from('png')).embeds![0].fields![1].name).toBe('Sampled continuation');
    const long = fitMessage(completeResultMessage({ ...view, prompt_tokens: Array.from({ length: 1000 }, (_, i) => ({ id: i, text: ` word${i}` })) }, Buffer.from('png')));
    expect([long.files.map((f) => f.name), long.content]).toStrictEqual([['top-k.png'], undefined]);
  });

  it('WHEN a token holds backticks THEN they cannot close the code block', () => {
    const message = completeResultMessage({ ...COMPLETE, prompt_tokens: [{ id: 1, text: '```' }] }, Buffer.from('png'));
    expect(message.embeds![0].description).toBe("**Tokenized prompt** (2 tokens)\n```\n'<|endoftext|>' '`\u200b`\u200b`\u200b'\n```");
  });
});

describe('GIVEN a /score report', () => {
  const report: ScoreReport = {
    model: 'local:tiny-gpt2',
    bos: true,
    truncated: 0,
    prompt: 'Hello world',
    prompt_tokens: COMPLETE.prompt_tokens,
    answers: [answer(' John', 1757, 3), answer(' Mary', 5335, 7)],
    logit_diff: 0.25,
    top: COMPLETE.top,
  };

  it('THEN each answer shows rank, probability and logit with its tokens, and the logit difference of the first two', () => {
    const message = scoreResultMessage(report);
    expect(message.embeds).toStrictEqual([
      {
        title: 'Scores of 2 answers',
        color: 0x5865f2,
        description: "**Tokenized prompt** (3 tokens)\n```\n'<|endoftext|>' 'Hello' '␣world'\n```\n**Logit difference** (\"␣John\" − \"␣Mary\", first tokens): **0.250**",
        fields: [
          { name: '1. "␣John"', value: "rank **3** · prob 13.50% · logit 1.500\nlogprob -2.000 · `'␣John'=1757`", inline: true },
          { name: '2. "␣Mary"', value: "rank **7** · prob 13.50% · logit 1.500\nlogprob -2.000 · `'␣Mary'=5335`", inline: true },
          { name: "Top 2 next tokens (◀ = an answer's first token)", value: '```\nrank token                prob    logit\n   1 .                  50.00%    2.500\n   2 ,                  25.00%    1.800\n```' },
        ],
        footer: { text: 'model local:tiny-gpt2 · <|endoftext|> prepended' },
      },
    ]);
    expect(message.shortened).toBe(false);
  });

  it('WHEN it has 30 answers with long notes THEN 23 are shown, the rest are counted, the payload is within limits and score.json is attached', () => {
    const answers = Array.from({ length: 30 }, (_, i) => ({
      ...answer(` name${i}`, 1000 + i, i + 1),
      note: 'x'.repeat(300),
      alternative: answer(`name${i}`, 2000 + i, 40 + i),
    }));
    const fitted = fitMessage(scoreResultMessage({ ...report, answers }));
    expect(checkDiscordLimits({ content: fitted.content, embeds: fitted.embeds })).toStrictEqual([]);
    const fields = fitted.embeds![0].fields!;
    expect(fields).toHaveLength(25);
    expect(fields[23]).toStrictEqual({ name: '… and 7 more answers', value: 'in the attached `score.json`' });
    expect(fitted.files.map((f) => f.name)).toStrictEqual(['score.json']);
    expect(JSON.parse(fitted.files[0].data.toString('utf8')).answers).toHaveLength(30);
  });
});

describe('GIVEN top-k probabilities', () => {
  it('THEN the chart is a PNG one bar row per token high', () => {
    const png = renderTopKChart(COMPLETE.top);
    expect(png.subarray(0, 8)).toStrictEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(640); // IHDR width
    expect(png.readUInt32BE(20)).toBe(10 * 2 + 26 * 2); // IHDR height
  });
});
