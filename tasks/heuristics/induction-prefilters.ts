/** How far back induction-random-tokens' regex looks for the earlier occurrence (its `[\s\S]{1,1000}`). */
export const INDUCTION_MAX_GAP = 1000;

/**
 * A prefilter for induction regexes: the positions right after a pair of words ("w1 w2", one
 * space between) that occurred together earlier in the text, followed by a space and a word.
 * A regex that matches only there (induction-random-tokens) need run at these few places
 * instead of at every character. Words are JS `\w` runs (ASCII letters, digits, `_`), as in
 * the regex; pairs are compared by a 32-bit hash, so a collision adds a place and never loses one.
 *
 * Only a pair whose latest earlier occurrence, with the word after it, ends at most `maxGap`
 * characters before it (the regex's `[\s\S]{1,1000}`) is a place: the regex would fail at the
 * others after searching back all that way, which was most of its cost.
 *
 * @example afterRepeatedBigram('a b c x a b d') // [11]: " d" follows "a b", seen before
 */
export function afterRepeatedBigram(text: string, maxGap = INDUCTION_MAX_GAP): number[] {
  const places: number[] = [];
  const n = text.length;
  // per pair (hash): where the word after its latest occurrence ends ("a b c": the end of "c")
  resetPairs(n);
  // the last two words: start, end, hash; and the pair they form, when one space joins them
  let prevStart = -2;
  let prevEnd = -2;
  let prevHash = 0;
  let prevSlot = -1;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 128 || WORD[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    while (i < n && (c = text.charCodeAt(i)) < 128 && WORD[c] === 1) {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
    const joined = prevEnd === start - 1 && text.charCodeAt(prevEnd) === 32;
    // this word follows the previous pair: that occurrence can be the one the regex finds
    if (joined && prevSlot !== -1) values[prevSlot] = i;
    let slot = -1;
    if (joined) {
      // one probe: the slot read now is the one written when the next word follows this pair
      slot = pairSlot((Math.imul(prevHash, 0x9e3779b1) ^ h) | 0);
      const until = values[slot];
      // The regex needs an earlier occurrence followed by " word" that ends 1 to maxGap
      // characters before this pair starts. The latest one too far: every earlier one is
      // farther still. The latest one too close (overlapping): an earlier one may do, so keep.
      if (until !== -1 && c === 32 && i + 1 < n && prevStart - until <= maxGap) {
        const after = text.charCodeAt(i + 1);
        if (after < 128 && WORD[after] === 1) places.push(i);
      }
    }
    prevSlot = slot;
    prevStart = start;
    prevHash = h;
    prevEnd = i;
  }
  return places;
}

/** JS `\w` on ASCII char codes (1) */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;

/**
 * A map from 32-bit pair hashes to positions, for one text: open addressing in typed arrays
 * reused from call to call (a generation stamp empties them), since a Map's boxing and growth
 * were a fifth of the scan; module functions, not a closure object, so the scan loop inlines them.
 * A text of n characters has at most n/2 pairs: the table never fills.
 */
let keys = new Int32Array(0);
let values = new Int32Array(0);
let stamps = new Uint32Array(0);
let stamp = 0;
let mask = 0;

function resetPairs(textLength: number): void {
  let size = 1024;
  while (size < textLength + 16) size *= 2;
  if (keys.length < size || stamp === 0xffffffff) {
    keys = new Int32Array(size);
    values = new Int32Array(size);
    stamps = new Uint32Array(size);
    stamp = 0;
  }
  stamp++;
  mask = keys.length - 1;
}

/** The slot of key: where its position is kept (-1 in a slot this text had not used yet). */
function pairSlot(k: number): number {
  let at = Math.imul(k, 0x9e3779b1) & mask;
  while (stamps[at] === stamp) {
    if (keys[at] === k) return at;
    at = (at + 1) & mask;
  }
  stamps[at] = stamp;
  keys[at] = k;
  values[at] = -1;
  return at;
}

/** A capitalised word followed by a space and a capital: where a name (first name, surname) may be. */
const NAME_WORD = /\b[A-Z][a-z]+(?= [A-Z])/g;
const SURNAME_AFTER = /^ [A-Z][a-z]{4,}\b/;

/**
 * A prefilter for induction-names: the starts of "First Surname" (a surname of 5+ letters) whose
 * first name comes back later before another capitalised word — every place where "First
 * Surname … First S" can start. Overlapping names ("John Smith Jones") are all seen: the scan
 * consumes only the first word.
 *
 * @example firstNameRepeats('Pyotr Tchaikovsky wrote it. Pyotr T') // [0]
 */
export function firstNameRepeats(text: string): number[] {
  const at = new Map<string, number[]>();
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(text); m; m = NAME_WORD.exec(text)) {
    const list = at.get(m[0]);
    if (list) list.push(m.index);
    else at.set(m[0], [m.index]);
  }
  const starts: number[] = [];
  for (const [word, positions] of at) {
    for (let i = 0; i < positions.length - 1; i++) {
      if (SURNAME_AFTER.test(text.slice(positions[i] + word.length, positions[i] + word.length + 64))) starts.push(positions[i]);
    }
  }
  return starts.sort((a, b) => a - b);
}
