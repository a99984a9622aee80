import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { fitMessage, truncationNote } from '../../../bot/fit-message.ts';
import { truncateText } from '../../../bot/discord-limits.ts';
import { checkDiscordLimits } from '../../helpers/discord-payload-limits.ts';

const long = (n: number, c = 'x') => c.repeat(n);

describe('GIVEN text longer than a limit', () => {
  it('THEN truncateText cuts it to the limit and ends it with "…"', () => {
    expect(truncateText('When John and Mary', 10)).toBe('When John…');
    expect(truncateText('short', 10)).toBe('short');
  });

  it('THEN an emoji at the cut is dropped whole, never split into half a surrogate pair', () => {
    const cut = truncateText(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });
});

describe('GIVEN a message that breaks Discord’s limits', () => {
  const cases: [string, APIEmbed[]][] = [
    ['a 300-character title', [{ title: long(300) }]],
    ['a 5,000-character description', [{ description: long(5000) }]],
    ['30 fields', [{ fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }]],
    ['a 2,000-character field value', [{ fields: [{ name: 'n', value: long(2000) }] }]],
    ['7,000 characters over several fields', [{ fields: Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, value: long(700) })) }]],
    ['12 embeds', Array.from({ length: 12 }, (_, i) => ({ title: `e${i}` }))],
    ['10 embeds of 4,000 characters each', Array.from({ length: 10 }, () => ({ description: long(4000), footer: { text: long(2048) } }))],
  ];

  it.each(cases)('WHEN it has %s THEN the fitted payload is within every limit and the full result is attached', (_, embeds) => {
    const fitted = fitMessage({ embeds, fullResult: { name: 'full.json', data: Buffer.from('{}') } });
    expect(checkDiscordLimits({ content: fitted.content, embeds: fitted.embeds })).toStrictEqual([]);
    expect(fitted.truncated).toBe(true);
    expect(fitted.files.map((f) => f.name)).toStrictEqual(['full.json']);
    expect(fitted.content).toBe(truncationNote('full.json'));
  });

  it('WHEN no full result is given THEN the untruncated embeds are attached as Markdown', () => {
    const fitted = fitMessage({ embeds: [{ title: 'T', description: long(5000, 'd') }] });
    expect(fitted.files).toHaveLength(1);
    expect(fitted.files[0].name).toBe('full-result.md');
    expect(fitted.files[0].data.toString('utf8')).toBe(`# T\n\n${long(5000, 'd')}\n`);
    expect(fitted.embeds![0].description).toBe(`${long(4095, 'd')}…`);
  });

  it('WHEN a field value is empty THEN it becomes "—" (Discord refuses empty fields)', () => {
    expect(fitMessage({ embeds: [{ fields: [{ name: 'n', value: '' }] }] }).embeds).toStrictEqual([{ fields: [{ name: 'n', value: '—' }] }]);
  });

  it('WHEN a custom id is over 100 characters THEN fitting throws, since custom ids carry only ids', () => {
    const components = [{ type: 1 as const, components: [{ type: 2 as const, style: 1 as const, custom_id: long(101), label: 'x' }] }];
    expect(() => fitMessage({ components })).toThrow(/custom_id over 100/);
  });
});

describe('GIVEN a message within the limits', () => {
  it('THEN it leaves unchanged, with no note and no attachment', () => {
    const embeds = [{ title: 'ok', description: 'fine', fields: [{ name: 'a', value: 'b' }] }];
    expect(fitMessage({ content: 'hi', embeds })).toStrictEqual({ content: 'hi', embeds, files: [], truncated: false });
  });

  it('WHEN the builder says it shortened something THEN the full result is attached all the same', () => {
    const fitted = fitMessage({ content: 'hi', embeds: [{ title: 'ok' }], shortened: true, fullResult: { name: 'r.json', data: Buffer.from('{}') } });
    expect(fitted.content).toBe(`hi\n${truncationNote('r.json')}`);
    expect(fitted.files.map((f) => f.name)).toStrictEqual(['r.json']);
  });
});
