import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';
import { compileTemplateMatcher, TEMPLATE_MATCH_STEP_BUDGET } from '../../../tasks/template-matcher.ts';

/** The reading the old backtracking regex gave: the reference the matcher must agree with (on small inputs only). */
function referenceRegex(template: string): RegExp {
  const seen = new Set<string>();
  let source = '';
  let last = 0;
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    source += escape(template.slice(last, m.index));
    source += seen.has(m[1]) ? `\\k<${m[1]}>` : `(?<${m[1]}>.+?)`;
    seen.add(m[1]);
    last = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escape(template.slice(last))}$`, 's');
}

describe('template matcher', () => {
  it('GIVEN random small templates and prompts THEN it reads exactly what the backtracking regex read', () => {
    const rng = seededRng(14);
    const alphabet = ['a', 'b', ' ', 'ab', '{A}', '{B}', '{C}'];
    let compared = 0;
    let matched = 0;
    for (let t = 0; t < 300; t++) {
      const template = Array.from({ length: 1 + Math.floor(rng() * 6) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
      const matcher = compileTemplateMatcher(template);
      const reference = referenceRegex(template);
      for (let p = 0; p < 20; p++) {
        const prompt = Array.from({ length: Math.floor(rng() * 9) }, () => 'ab '[Math.floor(rng() * 3)]).join('');
        const found = reference.exec(prompt);
        const expected = found ? { ...found.groups } : undefined;
        const got = matcher.groups(prompt);
        expect(got === null ? undefined : { ...got }, `${template} on "${prompt}"`).toStrictEqual(expected);
        compared++;
        if (expected) matched++;
      }
    }
    expect(compared).toBe(6000);
    expect(matched).toBeGreaterThan(300); // the comparison covers real readings, not only refusals
  });

  it.each([4, 6, 8])('GIVEN %i adjacent slots and a prompt of the wrong shape THEN the reading stays within its step budget and declines', (slots) => {
    const template = `${Array.from({ length: slots }, (_, i) => `{S${i}}`).join('')} to`;
    const matcher = compileTemplateMatcher(template);
    // the shape the old regex spent 53 s (5 slots) on: the final text almost, but not quite, there
    const reading = matcher.read(`${'x'.repeat(60)} to x`);
    expect(reading.groups).toBeNull();
    expect(reading.steps).toBeLessThanOrEqual(TEMPLATE_MATCH_STEP_BUDGET);
    const wrongInside = matcher.read(`${'x to '.repeat(40)}y`);
    expect(wrongInside.groups).toBeNull();
    expect(wrongInside.steps).toBeLessThanOrEqual(TEMPLATE_MATCH_STEP_BUDGET);
  });

  it('GIVEN adjacent slots and a long prompt of the right shape THEN each slot is read shortest first, as before', () => {
    const groups = compileTemplateMatcher('{A}{B}{C} to').groups(`${'q'.repeat(500)} to`);
    expect({ ...groups }).toStrictEqual({ A: 'q', B: 'q', C: `${'q'.repeat(498)}` });
  });

  it('GIVEN a reading that would pass its budget THEN it declines and says the budget ran out', () => {
    const matcher = compileTemplateMatcher('{A}{B}{C}{D}{E}{F}{G}{H}!{A}');
    const reading = matcher.read(`${'ab'.repeat(600)}!zz`, 5_000);
    expect(reading).toMatchObject({ groups: null, exhausted: true });
  });

  it('GIVEN a submitted task with six adjacent slots THEN its heuristic answers or declines at once on a stranger\'s prompt', () => {
    const task = parseDeclarativeTask(
      { id: 'adjacent', title: 'Adjacent', template: '{A}{B}{C}{D}{E}{F} to', slots: { A: ['a'], B: ['b'], C: ['c'], D: ['d'], E: ['e'], F: ['f'] }, expected: ' {A}' },
      'adjacent.yaml',
    );
    // before: a lazy-group regex backtracking through every cut of the prompt (> 1,500 s)
    expect(task.heuristic(`When Mary and John went to the store, John gave a drink to Mary ${'and then '.repeat(20)}.`)).toBeNull();
    expect(task.heuristic('abcdef to')).toStrictEqual({ answers: [' a'] });
  });
});
