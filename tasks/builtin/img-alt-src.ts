import { pick, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { OBJECTS } from '../vocab/objects.ts';
import { PLACES } from '../vocab/places.ts';

/** words that file names made from alt texts usually leave out */
const DROPPED_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'my', 'your', 'his', 'her', 'our', 'their', 'its']);

interface NamingRule {
  separator: string;
  dropArticles: boolean;
  lowerCase: boolean;
}

/** the rules tried, most common first; the first that reproduces every earlier example wins */
const RULES: readonly NamingRule[] = ['_', '-', '', ' '].flatMap((separator) =>
  [true, false].flatMap((dropArticles) => [true, false].map((lowerCase) => ({ separator, dropArticles, lowerCase }))),
);

function fileStem(alt: string, rule: NamingRule): string {
  const words = alt.split(/\s+/).filter(Boolean).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  const kept = rule.dropArticles ? words.filter((w) => !DROPPED_WORDS.has(w.toLowerCase())) : words;
  const stem = kept.join(rule.separator);
  return rule.lowerCase ? stem.toLowerCase() : stem;
}

/** without examples: underscores, hyphens, run together; articles dropped; lower case (the usual file-name habits) */
const ZERO_SHOT_RULES: readonly NamingRule[] = ['_', '-', ''].map((separator) => ({ separator, dropArticles: true, lowerCase: true }));

const IMG = /<img\s+alt="([^"]*)"\s+src="([^"]*)"\s*\/?>/g;
const OPEN_IMG_AT_END = /<img\s+alt="([^"]*)"\s+src="$/;

/**
 * The file name of the last image, made from its alt text the way the earlier images'
 * names were: learn the rule (separator, articles dropped or kept, case) and the extension
 * from the earlier `<img alt="…" src="…">` pairs, then apply it.
 * `<img alt="A man in a hat" src="man_in_hat.jpg"><img alt="A dog in my house" src="` → "dog_in_house.jpg".
 * With no earlier example, the usual habits are the answers (underscores, hyphens or nothing
 * between the words, articles dropped, lower case), without an extension. Declines unless the
 * prompt ends inside an open src attribute and, given examples, one rule with one extension fits them all.
 *
 * @example imgSrcHeuristic('<img alt="A man in a hat" src="man_in_hat.jpg"><img alt="A dog in my house" src="') // { answers: ['dog_in_house.jpg'] }
 */
export function imgSrcHeuristic(prompt: string): HeuristicAnswer | null {
  const target = OPEN_IMG_AT_END.exec(prompt);
  if (!target) return null;
  const examples = [...prompt.slice(0, target.index).matchAll(IMG)].map((m) => ({ alt: m[1], src: m[2] }));
  if (examples.length === 0) {
    // no example to learn from: the common ways of naming a file from its alt, without the
    // extension (which nothing shows); each name's probability includes every extension after it
    const stems = ZERO_SHOT_RULES.map((rule) => fileStem(target[1], rule)).filter(Boolean);
    return stems.length > 0 ? { answers: [...new Set(stems)] } : null;
  }
  for (const rule of RULES) {
    const extensions = examples.map(({ alt, src }) => {
      const stem = fileStem(alt, rule);
      return stem && src.startsWith(stem) ? src.slice(stem.length) : null;
    });
    const extension = extensions[0];
    if (extension === null || !/^\.[A-Za-z0-9]{2,4}$/.test(extension) || extensions.some((e) => e !== extension)) continue;
    const stem = fileStem(target[1], rule);
    if (stem) return { answers: [`${stem}${extension}`] };
  }
  return null;
}

const SUBJECTS: readonly string[] = ['man', 'woman', 'dog', 'cat', 'girl', 'boy', 'bird', 'horse', 'child', 'baby', 'teacher', 'farmer'];
/** how a subject relates to a place ("A dog in the garden") and to an object ("A girl with a kite") */
const PLACE_RELATIONS: readonly string[] = ['in', 'at', 'near', 'outside'];
const OBJECT_RELATIONS: readonly string[] = ['with', 'holding'];
const EXTENSIONS: readonly string[] = ['.jpg', '.png', '.gif', '.jpeg'];

/** "A dog in the garden", "A girl holding a kite": a place takes "the", an object "a" */
function altText(rng: Rng): string {
  const subject = `${pick(rng, ['A', 'The'])} ${pick(rng, SUBJECTS)}`;
  if (rng() < 0.5) return `${subject} ${pick(rng, PLACE_RELATIONS)} the ${pick(rng, PLACES)}`;
  const object = pick(rng, OBJECTS);
  return `${subject} ${pick(rng, OBJECT_RELATIONS)} ${/^[aeiou]/i.test(object) ? 'an' : 'a'} ${object}`;
}

type ImgMeta = {
  alts: string[];
  srcs: string[];
  joiner: string;
  extension: string;
  expected: string;
};

function render(alts: readonly string[], srcs: readonly string[], joiner: string): string {
  const done = srcs.map((src, i) => `<img alt="${alts[i]}" src="${src}">`);
  return [...done, `<img alt="${alts[alts.length - 1]}" src="`].join(joiner);
}

function generate(rng: Rng, n: number): TaskInstance<ImgMeta>[] {
  return Array.from({ length: n }, () => {
    const count = 1 + Math.floor(rng() * 3);
    const rule: NamingRule = { separator: pick(rng, ['_', '-']), dropArticles: true, lowerCase: true };
    const extension = pick(rng, EXTENSIONS);
    const alts: string[] = [];
    while (alts.length < count + 1) {
      const alt = altText(rng);
      if (!alts.includes(alt)) alts.push(alt);
    }
    const srcs = alts.slice(0, count).map((alt) => `${fileStem(alt, rule)}${extension}`);
    const joiner = pick(rng, ['', '\n', ' ']);
    const meta: ImgMeta = { alts, srcs, joiner, extension, expected: `${fileStem(alts[count], rule)}${extension}` };
    return { prompt: render(alts, srcs, joiner), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The earlier images keep their file names but get other alt texts: every name (and every word
 * of the last alt) stays in the prompt, but no example shows a name made from its alt any more.
 */
function control(instance: TaskInstance<ImgMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.srcs) return null;
  const target = meta.alts[meta.alts.length - 1];
  const words = new Set(meta.alts.flatMap((a) => a.toLowerCase().split(' ')).filter((w) => !DROPPED_WORDS.has(w)));
  const others: string[] = [];
  for (let attempt = 0; attempt < 200 && others.length < meta.srcs.length; attempt++) {
    const alt = altText(rng);
    // an alt sharing a content word with any alt of the prompt could still show the rule
    if (alt.toLowerCase().split(' ').some((w) => !DROPPED_WORDS.has(w) && words.has(w))) continue;
    if (!others.includes(alt)) others.push(alt);
  }
  if (others.length < meta.srcs.length) return null;
  return render([...others, target], meta.srcs, meta.joiner);
}

export const imgAltSrc: TaskDefinition<ImgMeta> = {
  id: 'img-alt-src',
  title: 'Image file name from its alt text',
  description:
    'HTML images whose file names are made from their alt texts; for the last image the model should build the ' +
    'name the same way (`<img alt="A man in a hat" src="man_in_hat.jpg"><img alt="A dog in my house" src="` → ' +
    '"dog_in_house.jpg").',
  status: 'known',
  generate,
  heuristic: imgSrcHeuristic,
  control,
  // An image right after another one (a lookbehind, so each image of a run matches); "<img"
  // comes first so the engine jumps from image to image. Only alt-before-src images can show
  // the behaviour (the file name is written after its description), so the census counts them.
  regex: { source: String.raw`<img(?<=<img\s+alt="[^"]*"\s+src="[^"]*"\s*\/?>\s*<img)\s+alt="[^"]*"\s+src="(?<answer>[^"]+)`, engine: 'js' },
  census: [
    { label: '<img> tags', source: String.raw`<img\b`, flags: 'i' },
    { label: '<img> tags with alt before src', source: String.raw`<img\s(?:[^>"]|"[^"]*")*?\balt\s*=(?:[^>"]|"[^"]*")*?\bsrc\s*=`, flags: 'i' },
  ],
  origin: 'builtin',
};
