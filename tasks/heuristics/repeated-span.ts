/**
 * The core of induction, on words: find the longest run of words at the end of the text
 * that occurred earlier, and return the word that followed that earlier occurrence.
 */
export interface RepeatMatch {
  /** the word after the earlier occurrence: what induction predicts */
  next: string;
  /** how many words at the end match the earlier occurrence */
  length: number;
  /** index (in `words`) of the earlier occurrence's last word */
  at: number;
}

/**
 * Longest repeated suffix: for every earlier position, count how many words match backwards
 * from it and from the end; keep the longest match (the latest one on ties). O(n · match).
 * Returns null when no earlier run of at least `minLength` words matches the end.
 *
 * @example repeatedSuffix(['a', 'b', 'c', 'x', 'a', 'b'], 2) // { next: 'c', length: 2, at: 1 }
 */
export function repeatedSuffix(words: readonly string[], minLength: number): RepeatMatch | null {
  const last = words.length - 1;
  let best: RepeatMatch | null = null;
  for (let j = 0; j < last; j++) {
    let length = 0;
    while (length <= j && words[j - length] === words[last - length]) length++;
    if (length >= minLength && (best === null || length >= best.length)) best = { next: words[j + 1], length, at: j };
  }
  return best;
}
