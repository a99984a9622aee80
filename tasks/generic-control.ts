import type { Rng } from '../common/random.ts';

/** words at the end of the prompt left in place: the local context the answer attaches to */
const KEPT_TAIL_WORDS = 3;
/** shuffles drawn before a prompt whose words all shuffle back into place (all alike) is given up */
const SHUFFLE_ATTEMPTS = 8;

/**
 * The control of a prompt whose task gives none for it: a task (or task file, or Discord
 * submission) without `control`, and a mined corpus instance (no generator metadata). The
 * words before the last three are shuffled. Every word keeps its exact text, leading space
 * included — a first word that has none stays first — so every token stays in the context (a
 * copier sees no difference, and the answer's tokens stay: tasks/control-check.ts) and the
 * ending stays, but the order that any in-context rule reads (a repeated span, a name list, an
 * open tag) is destroyed. A model that ignores the context (a unigram) scores the answer the
 * same on both, an effect of exactly 0. Null when the prompt has too few words to shuffle or
 * the shuffle changed nothing.
 *
 * @example shuffledControl(' a b c d e f g', rng) // e.g. ' c a d b e f g'
 */
export function shuffledControl(prompt: string, rng: Rng): string | null {
  const parts = prompt.split(/(?=\s+\S)/);
  // a first word without a leading space would change its tokens anywhere else (" The" ≠ "The")
  const fixed = /^\s/.test(parts[0] ?? '') ? 0 : 1;
  const words = parts.slice(fixed, parts.length - KEPT_TAIL_WORDS);
  if (words.length < 2) return null;
  // a few words shuffle back into their order often (two: one time in two): draw again
  for (let attempt = 0; attempt < SHUFFLE_ATTEMPTS; attempt++) {
    for (let i = words.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [words[i], words[j]] = [words[j], words[i]];
    }
    const control = [...parts.slice(0, fixed), ...words, ...parts.slice(parts.length - KEPT_TAIL_WORDS)].join('');
    if (control !== prompt) return control;
  }
  return null;
}

/** Why a prompt has no generic control: said in the report's failures. */
export const NO_GENERIC_CONTROL = `no generic control: fewer than two different words to shuffle before the last ${KEPT_TAIL_WORDS}`;
