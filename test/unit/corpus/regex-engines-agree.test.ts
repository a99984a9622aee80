import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { compileTaskRegex, planTaskRegex, withoutNamedGroups } from '../../../corpus/task-regex.ts';
import { BUILTIN_TASKS } from '../../../tasks/builtin/index.ts';
import { mixedDocument } from '../../helpers/mixed-corpus.ts';
import { afterRepeatedBigram, firstNameRepeats } from '../../../tasks/heuristics/induction-prefilters.ts';

/** Text where the engines are known to part ways: \r\n line ends, astral characters, non-ASCII letters, U+2028. */
const ADVERSARIAL = [
  'Alpha Beta (AB)\r\nGamma Delta (GD)\r\n',
  '🙂 National Space Agency (NSA) 🙂 and [1] then 🙂 [2] ok',
  'Zoë Ångström met Zoë Åberg. Later Zoë Å',
  'from 1850 to 1853\u2028between 1790 and 1795 <p>é</p> <img alt="A b" src="a_b.jpg"><img alt="C d" src="c_d.jpg">',
  'Mary Jones <mary.jones@kde.org>\r\nJohn Smith <john.smith@kde.org>',
];

describe('the two regex engines on the built-in tasks', () => {
  const rng = seededRng(7);
  const texts = [...ADVERSARIAL, ...Array.from({ length: 60 }, () => mixedDocument(rng))];
  const both = BUILTIN_TASKS.filter((t) => {
    if (!t.regex) return false;
    try {
      planTaskRegex(t.regex, 're2');
      return true;
    } catch {
      return false;
    }
  });

  it('GIVEN tasks whose regex runs on both engines THEN there are several (the test below tests something)', () => {
    expect(both.length).toBeGreaterThanOrEqual(8);
  });

  it.each(both.map((t) => [t.id, t] as const))('GIVEN %s THEN RE2 and JS find the same answer points on mixed and adversarial text', (_id, task) => {
    const js = compileTaskRegex(planTaskRegex(task.regex!, 'js'));
    const re2 = compileTaskRegex(planTaskRegex(task.regex!, 're2'));
    for (const text of texts) expect(re2.findAll(text)).toStrictEqual(js.findAll(text));
  });
});

describe('empty matches', () => {
  it('GIVEN a u-flag regex that matches empty right before an emoji THEN the scan ends, one match per position', () => {
    const plan = planTaskRegex({ source: '(?<answer>)', flags: 'u' }, 'js');
    const text = 'a🙂b🙂';
    const started = performance.now();
    const found = compileTaskRegex(plan).findAll(text);
    expect(performance.now() - started).toBeLessThan(1000);
    // positions 0, 1 (before 🙂), 3, 4 (before 🙂), 6: never inside a surrogate pair
    expect(found.map((m) => m.answerStart)).toStrictEqual([0, 1, 3, 4, 6]);
    const re2 = compileTaskRegex(planTaskRegex({ source: '(?<answer>)', flags: 'u' }, 're2'));
    expect(re2.findAll(text).map((m) => m.answerStart)).toStrictEqual([0, 1, 3, 4, 6]);
  });
});

describe('prefilters', () => {
  it('GIVEN a pair of words seen before THEN the place after its repeat is a candidate, and nothing else is', () => {
    expect(afterRepeatedBigram('a b c x a b d')).toStrictEqual([11]); // the space before "d"
    expect(afterRepeatedBigram('a  b c x a b d')).toStrictEqual([]); // two spaces: not the same pair
    expect(afterRepeatedBigram('a b c x a b.')).toStrictEqual([]); // no word follows
  });

  it.each([[999, true], [1000, true], [1001, false]])('GIVEN the earlier "a b c" ending %i characters before the repeat THEN the repeat is a place: %s', (gap, place) => {
    const text = `a b c${' '.repeat(gap)}a b d`;
    expect(afterRepeatedBigram(text)).toStrictEqual(place ? [text.length - 2] : []);
  });

  it('GIVEN a pair repeated 1,500 characters back but also 10 back THEN it is a place; GIVEN it overlapping its last occurrence THEN it is kept', () => {
    const far = `a b c ${Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ')} a b e x a b d`;
    expect(afterRepeatedBigram(far)).toStrictEqual([far.length - 2]); // "a b e": the first repeat is too far from "a b c"
    expect(afterRepeatedBigram('a b a b a b c')).toStrictEqual([7, 9, 11]);
  });

  it('GIVEN a first name and a long surname whose first name comes back THEN its start is a candidate, overlapping names included', () => {
    expect(firstNameRepeats('Pyotr Tchaikovsky wrote it. Pyotr T')).toStrictEqual([0]);
    expect(firstNameRepeats('Pyotr Tchaikovsky wrote it.')).toStrictEqual([]); // the first name never comes back
    expect(firstNameRepeats('Dr John Smithson Jones met John Smithson and Smithson Jones')).toStrictEqual([3, 8]);
  });

  it.each(BUILTIN_TASKS.filter((t) => t.regex?.candidates).map((t) => [t.id, t] as const))(
    'GIVEN %s with its prefilter THEN it finds exactly the matches of its regex run at every position',
    (_id, task) => {
      const rng = seededRng(11);
      const gaps = [998, 999, 1000, 1001].map((gap) => `the cat sat${'.'.repeat(gap)}the cat ran`);
      const texts = [...ADVERSARIAL, 'the cat sat on the mat and the cat sat on the hat', 'a b a b a b c', ...gaps, ...Array.from({ length: 40 }, () => mixedDocument(rng))];
      const plan = planTaskRegex(task.regex!, 'js');
      const filtered = compileTaskRegex(plan, task.regex!.candidates);
      const plain = compileTaskRegex(plan);
      let total = 0;
      for (const text of texts) {
        const want = plain.findAll(text);
        total += want.length;
        expect(filtered.findAll(text)).toStrictEqual(want);
      }
      expect(total).toBeGreaterThan(20);
    },
  );
});

describe('the pass that only finds where matches are', () => {
  it.each([
    ['</(?<answer>[a-z]+>)', '</(?:[a-z]+>)'],
    ['(?<=<b>)(?<answer>x)(?<!y)', '(?<=<b>)(?:x)(?<!y)'],
    ['[(?<a>](?<answer>\\(?<b>)', '[(?<a>](?:\\(?<b>)'],
    ['(?<w>a)\\k<w>(?<answer>b)', '(?<w>a)\\k<w>(?<answer>b)'],
  ])('GIVEN /%s/ THEN its named groups become non-capturing unless a backreference needs them: /%s/', (source, spans) => {
    expect(withoutNamedGroups(source)).toBe(spans);
  });
});

describe('one semantics whatever the engine', () => {
  it.each([
    ['(?<answer>.)x', ''],
    ['(?<answer>[^a])b', ''],
    ['(?<answer>\\W+)c', ''],
    ['(?<answer>.)x', 'u'],
  ])('GIVEN /%s/%s on text with emoji THEN RE2 finds what JS finds', (source, flags) => {
    const text = 'a🙂x b🙂b c🙂🙂c x';
    const js = compileTaskRegex(planTaskRegex({ source, flags }, 'js')).findAll(text);
    expect(js.length).toBeGreaterThan(0);
    expect(compileTaskRegex(planTaskRegex({ source, flags }, 're2')).findAll(text)).toStrictEqual(js);
  });
});
