import { tokenClass } from './token-class.ts';

/**
 * Cheap features of one position, from the text alone, that could explain why a model predicts
 * the next token from far back in its context. Each is checkable by hand on the example.
 */
export const FEATURES = [
  /** the token occurs earlier in the context */
  'seen-before',
  /** the token followed the same previous token earlier in the context (induction) */
  'follows-same-token',
  /** an earlier line began with tokens of the same classes, and had this token at this place */
  'repeats-line-shape',
  /** all capitals, and its letters are initials of a run of capitalized words earlier on */
  'initials-of-words',
  /** a number, one more than a number earlier on */
  'number-plus-one',
  /** a word seen earlier only in another case */
  'other-case',
  /** closes the innermost bracket or quote still open */
  'closes-bracket',
  /** after "</", the name of the innermost tag still open */
  'closes-tag',
] as const;
export type Feature = (typeof FEATURES)[number];

/** Features that only refine another: they are credited only if they win more often than it does alone. */
export const REFINES: Partial<Record<Feature, Feature>> = { 'follows-same-token': 'seen-before', 'repeats-line-shape': 'seen-before' };

export const featureBit = (f: Feature): number => 1 << FEATURES.indexOf(f);

/** The features of a bit mask, in FEATURES order. */
export function featuresOf(mask: number): Feature[] {
  return FEATURES.filter((_, i) => mask & (1 << i));
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '“': '”', '‘': '’', '«': '»' };
const CLOSERS = new Set(Object.values(OPENERS));
/** lines of the context compared with the current one */
const LINES_LOOKED_BACK = 20;
/** characters of the context searched for open tags */
const TAG_TEXT_LOOKED_BACK = 4_000;

/**
 * The context of one window, fed token by token: `featuresOf(next)` gives the bit mask of the
 * features of predicting `next` here, then `push(next)` moves on. Every check is O(1) or bounded
 * (a few lines, a few thousand characters), so it runs at every position of a corpus.
 *
 * @example
 * const ctx = new ContextFeatures(text); for (const id of [a, b, x, a]) ctx.push(id);
 * featuresOf(ctx.featuresOf(b)) // ['seen-before', 'follows-same-token']
 */
export class ContextFeatures {
  private readonly seen = new Set<number>();
  private readonly pairs = new Set<number>();
  private readonly words = new Set<string>();
  private readonly lowerWords = new Set<string>();
  private readonly numbers = new Set<number>();
  private readonly initials: string[] = [];
  private run = '';
  private readonly brackets: string[] = [];
  private straightQuotes = 0;
  private text = '';
  private readonly lines: { classes: string[]; ids: number[] }[] = [];
  private line: { classes: string[]; ids: number[] } = { classes: [], ids: [] };
  private previous: number | undefined;

  constructor(
    /** the decoded text of a token id */
    private readonly tokenText: (id: number) => string,
    private readonly vocabSize = 50_257,
  ) {}

  featuresOf(next: number): number {
    let mask = 0;
    const text = this.tokenText(next);
    const body = text.trim();
    if (this.seen.has(next)) mask |= featureBit('seen-before');
    if (this.previous !== undefined && this.pairs.has(this.previous * this.vocabSize + next)) mask |= featureBit('follows-same-token');
    if (this.repeatsLineShape(next)) mask |= featureBit('repeats-line-shape');
    if (/^[A-Z]{2,}$/.test(body) && this.initials.some((run) => run.includes(body))) mask |= featureBit('initials-of-words');
    if (/^\d{1,15}$/.test(body) && this.numbers.has(Number(body) - 1)) mask |= featureBit('number-plus-one');
    if (/^[A-Za-z]{2,}$/.test(body) && !this.words.has(body) && this.lowerWords.has(body.toLowerCase())) mask |= featureBit('other-case');
    if (this.closesBracket(body)) mask |= featureBit('closes-bracket');
    if (body.length > 0 && this.text.endsWith('</') && /^[A-Za-z][\w-]*$/.test(body) && (this.innermostTag()?.startsWith(body.toLowerCase()) ?? false)) mask |= featureBit('closes-tag');
    return mask;
  }

  push(id: number): void {
    const text = this.tokenText(id);
    const body = text.trim();
    this.seen.add(id);
    if (this.previous !== undefined) this.pairs.add(this.previous * this.vocabSize + id);
    if (/^[A-Za-z]+$/.test(body)) {
      this.words.add(body);
      this.lowerWords.add(body.toLowerCase());
    }
    if (/^\d{1,15}$/.test(body)) this.numbers.add(Number(body));
    this.trackInitials(text);
    this.trackBrackets(text);
    this.text = (this.text + text).slice(-TAG_TEXT_LOOKED_BACK);
    if (text.includes('\n')) {
      this.lines.push(this.line);
      if (this.lines.length > LINES_LOOKED_BACK) this.lines.shift();
      this.line = { classes: [], ids: [] };
    } else {
      this.line.classes.push(tokenClass(text));
      this.line.ids.push(id);
    }
    this.previous = id;
  }

  /** Runs of capitalized words ("World Health Organization") leave their initials ("WHO"). */
  private trackInitials(text: string): void {
    if (/^ ?[A-Z][a-z]/.test(text)) {
      this.run += text.trim()[0];
    } else if (/^ /.test(text) || /[^A-Za-z]/.test(text)) {
      if (this.run.length >= 2) this.initials.push(this.run);
      this.run = '';
    }
  }

  private trackBrackets(text: string): void {
    for (const ch of text) {
      if (OPENERS[ch]) this.brackets.push(ch);
      else if (CLOSERS.has(ch) && this.brackets.length > 0 && OPENERS[this.brackets[this.brackets.length - 1]] === ch) this.brackets.pop();
      else if (ch === '"') this.straightQuotes++;
    }
  }

  private closesBracket(body: string): boolean {
    const first = body[0];
    if (first === undefined) return false;
    if (first === '"') return this.straightQuotes % 2 === 1;
    const open = this.brackets[this.brackets.length - 1];
    return open !== undefined && OPENERS[open] === first;
  }

  /** the innermost tag opened and not closed in the recent text, lower-cased */
  private innermostTag(): string | undefined {
    const open: string[] = [];
    for (const m of this.text.matchAll(/<(\/?)([A-Za-z][\w-]*)[^<>]*?(\/?)>/g)) {
      const name = m[2].toLowerCase();
      if (m[3]) continue;
      if (!m[1]) open.push(name);
      else if (open.lastIndexOf(name) >= 0) open.length = open.lastIndexOf(name);
    }
    return open[open.length - 1];
  }

  private repeatsLineShape(next: number): boolean {
    const at = this.line.classes.length;
    if (at === 0) return false;
    return this.lines.some((earlier) => earlier.ids[at] === next && this.line.classes.every((c, i) => earlier.classes[i] === c));
  }
}
