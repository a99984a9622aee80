import type { Rng } from '../common/random.ts';

/** words at the end of the prompt left in place: the local context the answer attaches to */
const KEPT_TAIL_WORDS = 3;

/**
 * The control of a prompt whose task has none for it (a mined corpus instance carries no
 * generator metadata): the words before the last three are shuffled. Every token stays in the
 * context (a copier sees no difference) and the ending stays, but the order that any
 * in-context rule reads (a repeated span, a name list, an open tag) is destroyed. Null when
 * the prompt has too few words to shuffle or the shuffle changed nothing.
 *
 * @example shuffledControl(' a b c d e f g', rng) // e.g. ' c a d b e f g'
 */
export function shuffledControl(prompt: string, rng: Rng): string | null {
  const parts = prompt.split(/(?=\s+\S)/);
  if (parts.length < KEPT_TAIL_WORDS + 2) return null;
  const head = parts.slice(0, parts.length - KEPT_TAIL_WORDS);
  const tail = parts.slice(parts.length - KEPT_TAIL_WORDS);
  const lead = /^\s/.test(head[0]) ? '' : ' ';
  const words = head.map((p, i) => (i === 0 ? lead + p : p));
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  let shuffled = words.join('');
  if (lead && shuffled.startsWith(' ')) shuffled = shuffled.slice(1);
  const control = shuffled + tail.join('');
  return control === prompt ? null : control;
}
