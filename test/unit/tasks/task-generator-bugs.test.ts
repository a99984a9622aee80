import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { imgSrcHeuristic } from '../../../tasks/builtin/img-alt-src.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from '../../../tasks/vocab/gendered-first-names.ts';

const generated = (id: string, n = 400, seed = 0) => findBuiltinTask(id)!.generate(seededRng(seed), n);

describe('the generators make natural prompts', () => {
  it('GIVEN ioi-extended THEN after the list every other person is named exactly once, as a giver: the one named once is the natural recipient', () => {
    for (const instance of generated('ioi-extended')) {
      const meta = instance.meta as { others: string[]; listEnd: number };
      const after = instance.prompt.slice(meta.listEnd);
      for (const name of meta.others) expect(after.match(new RegExp(`\\b${name}\\b`, 'g'))?.length, instance.prompt).toBe(1);
    }
  });

  it('GIVEN relative-last-name THEN the relative\'s first name has the relation\'s gender', () => {
    for (const instance of generated('relative-last-name')) {
      const { R, G } = (instance.meta as { slots: { R: string; G: string } }).slots;
      const male = ['son', 'brother', 'father', 'grandson', 'grandfather', 'husband'].includes(R);
      expect((male ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES).includes(G), instance.prompt).toBe(true);
    }
  });

  it('GIVEN subject-verb-agreement THEN a relative clause has a subject that can act ("that the man saw"), never "that the tree painted"', () => {
    const inanimate = /that the (?:tree|trees|garden|gardens|house|houses|book|books|key|keys|bridge|bridges|idea|ideas|road|roads|machine|machines) /;
    const prompts = generated('subject-verb-agreement').map((i) => i.prompt);
    expect(prompts.filter((p) => / that the /.test(p)).length).toBeGreaterThan(50);
    expect(prompts.filter((p) => inanimate.test(p))).toStrictEqual([]);
    expect(prompts.filter((p) => /(?:painted|built|bought)$/.test(p))).toStrictEqual([]);
  });

  it('GIVEN successor THEN 200 prompts are 200 different prompts', () => {
    expect(new Set(generated('successor', 200).map((i) => i.prompt)).size).toBe(200);
  });

  it('GIVEN img-alt-src THEN alts read naturally: places follow "in/at/near/outside the", objects "with/holding a"', () => {
    for (const instance of generated('img-alt-src', 200)) {
      for (const alt of (instance.meta as { alts: string[] }).alts) {
        expect(alt, instance.prompt).toMatch(/^(?:A|The) \w+ (?:(?:in|at|near|outside) the \w+|(?:with|holding) an? \w+)$/);
      }
    }
  });

  it('GIVEN an image with no earlier example THEN img-alt-src answers with the usual file-name habits instead of declining', () => {
    expect(imgSrcHeuristic('<img alt="A dog in my house" src="')).toStrictEqual({ answers: ['dog_in_house', 'dog-in-house', 'doginhouse'] });
  });
});
