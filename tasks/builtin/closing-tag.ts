import { pick, sample, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { COMMON_WORDS } from '../vocab/common-words.ts';
import { HTML_TAGS } from '../vocab/html-tags.ts';

/** elements that never take a closing tag */
const VOID_TAGS: ReadonlySet<string> = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'area', 'base', 'col', 'source', 'wbr']);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(\/?)>/g;

/**
 * The element a closing tag at the end of the prompt closes: the innermost one still open.
 * `<div><p>Some <b>bold</b> text</` → "p>". Closing tags pop back to their match (lenient, as
 * browsers are); stray closing tags are ignored. Declines unless the prompt ends in "</" with
 * an element open.
 *
 * @example closingTagHeuristic('<div><p>Some <b>bold</b> text</') // { answers: ['p>'] }
 */
export function closingTagHeuristic(prompt: string): HeuristicAnswer | null {
  if (!prompt.endsWith('</')) return null;
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of prompt.matchAll(TAG)) {
    const tag = name.toLowerCase();
    if (VOID_TAGS.has(tag) || selfClosing) continue;
    if (!closing) open.push(tag);
    else if (open.includes(tag)) open.length = open.lastIndexOf(tag);
  }
  return open.length > 0 ? { answers: [`${open[open.length - 1]}>`] } : null;
}

type ClosingMeta = {
  /** the prompt in pieces; `innermost` is the index of the opening tag the answer closes */
  pieces: string[];
  innermost: number;
  tags: string[];
  expected: string;
};

const words = (rng: Rng, k: number): string => sample(rng, COMMON_WORDS, k).join(' ');

/**
 * Nested elements, some with a finished child element inside ("<b>word</b>"), cut at the
 * closing tag of the innermost one still open.
 */
function generate(rng: Rng, n: number): TaskInstance<ClosingMeta>[] {
  return Array.from({ length: n }, () => {
    const depth = 2 + Math.floor(rng() * 3);
    const tags = sample(rng, HTML_TAGS, depth + 1);
    const pieces: string[] = [];
    let innermost = 0;
    for (let d = 0; d < depth; d++) {
      innermost = pieces.length;
      pieces.push(`<${tags[d]}${rng() < 0.3 ? ` class="${pick(rng, ['note', 'main', 'item', 'title'])}"` : ''}>`);
      if (rng() < 0.6) pieces.push(`${words(rng, 1 + Math.floor(rng() * 3))} `);
    }
    if (rng() < 0.6) pieces.push(`<${tags[depth]}>${words(rng, 1 + Math.floor(rng() * 2))}</${tags[depth]}> `);
    pieces.push(`${words(rng, 1 + Math.floor(rng() * 3))}</`);
    const meta: ClosingMeta = { pieces, innermost, tags, expected: `${tags[depth - 1]}>` };
    return { prompt: pieces.join(''), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The innermost element is closed right after it opens ("<p></p>"): its name stays in the
 * prompt, twice, but it is no longer open, so the closing tag the clean prompt needs is not due.
 */
function control(instance: TaskInstance<ClosingMeta>): string | null {
  const meta = instance.meta;
  if (!meta?.pieces) return null;
  const pieces = [...meta.pieces];
  pieces[meta.innermost] = `${pieces[meta.innermost]}</${meta.tags[meta.tags.length - 2]}>`;
  return pieces.join('');
}

export const closingTag: TaskDefinition<ClosingMeta> = {
  id: 'closing-tag',
  title: 'Closing the innermost open HTML element',
  description:
    'Nested HTML elements end in "</"; the model should close the innermost element still open ' +
    '(`<div><p>Some <b>bold</b> text</` → "p>").',
  status: 'proposed',
  generate,
  heuristic: closingTagHeuristic,
  control,
  // every closing tag in web text; the heuristic works out which one is due
  regex: { source: String.raw`</(?<answer>[A-Za-z][A-Za-z0-9]*>)`, engine: 'js' },
  origin: 'builtin',
};
