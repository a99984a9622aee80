/**
 * Reads a prompt back through a declarative template without a backtracking regex.
 *
 * The old reader compiled `{A}{B}{C} to` into `^(?<A>.+?)(?<B>.+?)(?<C>.+?) to$`, which backtracks
 * through every way of cutting the prompt: 5 adjacent slots took 53 s on the bot's main thread.
 * This matcher gives the same reading as that regex (each slot as short as possible, in order;
 * a repeated slot must hold the same text) but remembers which (position in the template,
 * position in the prompt) states already failed, so a template of k parts costs at most
 * k × n² steps on an n-character prompt, and a hard step budget bounds even that: past it the
 * heuristic declines instead of running on.
 *
 * A declarative task also passes its slots' lists (`SlotConstraints`): a slot is tried only with
 * values on its list, never longer than the list's longest (which also shortens the search), and
 * a helper call in the template (`{add(N, 1)}`) must find its value where it stands, like a
 * repeated slot.
 */

import { evaluateExpression, expressionSlots, type Expression } from './template-helpers.ts';
import { templateParts } from './template-slots.ts';

/** Steps one reading may take before it gives up (a few milliseconds of work, tens at most). */
export const TEMPLATE_MATCH_STEP_BUDGET = 5_000;
/**
 * Longest prompt read at all: far beyond GPT-2's 1,024-token context (≈ 5,000 characters of
 * English), so only a hostile input is declined by it, in constant time.
 */
export const TEMPLATE_MATCH_MAX_CHARS = 20_000;

/**
 * A derived part is a helper call over slots read earlier (`[{add(N, 1)}]`): like a repeat, the
 * prompt must hold its value there.
 */
type Part = { kind: 'text'; text: string } | { kind: 'capture'; name: string } | { kind: 'repeat'; name: string } | { kind: 'derived'; expression: Expression; uses: string[] };

/** What a reading may take a slot's value to be: a declarative task's slots are checked against their lists. */
export interface SlotConstraints {
  /** whether `value` may fill `slot` (absent: any non-empty text) */
  accepts?(slot: string, value: string): boolean;
  /** the longest value `slot` may hold (absent: any length): a reading tries no longer one */
  maxLength?(slot: string): number;
}

export interface TemplateReading {
  /** the slot values read from the prompt, or null when the prompt does not have the template's shape */
  groups: Record<string, string> | null;
  /** true when the step budget ran out before an answer: the reading declined without deciding */
  exhausted: boolean;
  steps: number;
}

export interface TemplateMatcher {
  /** Read `prompt` through the template. */
  read(prompt: string, budget?: number): TemplateReading;
  /** Slot values, or null (no match, or the budget ran out). Mirrors `RegExp.exec(..).groups`. */
  groups(prompt: string): Record<string, string> | null;
}

class BudgetExhausted extends Error {}

/** prompt[a, a+len) equals prompt[b, b+len), compared in place: most repeats differ at once. */
function sameText(prompt: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (prompt.charCodeAt(a + k) !== prompt.charCodeAt(b + k)) return false;
  return true;
}

/** The template's parts; a helper call must read only slots captured before it (the schema checks it). */
function partsOf(template: string): Part[] {
  const seen = new Set<string>();
  return templateParts(template).map((p): Part => {
    if (p.kind === 'text') return p;
    if (p.kind === 'call') return { kind: 'derived', expression: p.expression, uses: expressionSlots(p.expression) };
    const part: Part = seen.has(p.name) ? { kind: 'repeat', name: p.name } : { kind: 'capture', name: p.name };
    seen.add(p.name);
    return part;
  });
}

/**
 * Compile a template into a bounded reader.
 *
 * @example compileTemplateMatcher('{A} gave it to {B}').groups('Mary gave it to John') // { A: 'Mary', B: 'John' }
 * @example compileTemplateMatcher('{A}{B}{C}{D}{E}{F} to').groups('x'.repeat(2000)) // null, in well under 100 ms
 */
export function compileTemplateMatcher(template: string, constraints: SlotConstraints = {}): TemplateMatcher {
  const parts = partsOf(template);
  const accepts = constraints.accepts ?? (() => true);
  const maxLength = (name: string) => constraints.maxLength?.(name) ?? Number.POSITIVE_INFINITY;
  const k = parts.length;
  // shortest text parts i.. can match (a slot holds at least one character; a helper's value may be empty)
  const minRest = new Array<number>(k + 1).fill(0);
  const shortest = (p: Part) => (p.kind === 'text' ? p.text.length : p.kind === 'derived' ? 0 : 1);
  for (let i = k - 1; i >= 0; i--) minRest[i] = minRest[i + 1] + shortest(parts[i]);
  // slots captured before part i and repeated at or after it: the only state a failure at i depends on
  const live: string[][] = [];
  for (let i = 0; i <= k; i++) {
    const before = new Set(parts.slice(0, i).filter((p) => p.kind === 'capture').map((p) => (p as { name: string }).name));
    const after = new Set(parts.slice(i).flatMap((p) => (p.kind === 'repeat' ? [p.name] : p.kind === 'derived' ? p.uses : [])));
    live.push([...before].filter((name) => after.has(name)));
  }
  const texts = parts.filter((p): p is { kind: 'text'; text: string } => p.kind === 'text').map((p) => p.text);

  const read = (prompt: string, budget = TEMPLATE_MATCH_STEP_BUDGET): TemplateReading => {
    const n = prompt.length;
    let steps = 0;
    if (n > TEMPLATE_MATCH_MAX_CHARS) return { groups: null, exhausted: true, steps };
    if (n < minRest[0]) return { groups: null, exhausted: false, steps };
    // Cheap necessary conditions first: the fixed texts appear in order, and the ends are anchored.
    let from = 0;
    for (const text of texts) {
      const at = prompt.indexOf(text, from);
      if (at < 0) return { groups: null, exhausted: false, steps };
      from = at + text.length;
    }
    const first = parts[0];
    const lastPart = parts[k - 1];
    if (first?.kind === 'text' && !prompt.startsWith(first.text)) return { groups: null, exhausted: false, steps };
    if (lastPart?.kind === 'text' && !prompt.endsWith(lastPart.text)) return { groups: null, exhausted: false, steps };

    const start = new Map<string, number>();
    const end = new Map<string, number>();
    const failedPlain = new Uint8Array((k + 1) * (n + 1));
    const failedKeyed = new Set<string | number>();
    const width = n + 1;
    // one live slot: a number (at most (k+1)·width³ < 2^53 for 20,000-character prompts); more: a string
    const failKey = (i: number, pos: number): string | number => {
      const names = live[i];
      if (names.length === 0) return -(i * width + pos) - 1;
      if (names.length === 1) return ((i * width + pos) * width + start.get(names[0])!) * width + end.get(names[0])!;
      return `${i}:${pos}:${names.map((name) => `${start.get(name)}-${end.get(name)}`).join(',')}`;
    };
    const hasFailed = (key: string | number) => (typeof key === 'number' && key < 0 ? failedPlain[-key - 1] === 1 : failedKeyed.has(key));
    const markFailed = (key: string | number) => (typeof key === 'number' && key < 0 ? (failedPlain[-key - 1] = 1) : failedKeyed.add(key));

    /** a derived part's text from the slots read so far; null when its helper cannot apply to them */
    const derivedValue = (expression: Expression, uses: readonly string[]): string | null => {
      // a template that calls a helper on a slot it has not read yet reads nothing (the schema refuses it)
      if (!uses.every((name) => start.has(name))) return null;
      const values: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [name, s] of start) values[name] = prompt.slice(s, end.get(name));
      const value = evaluateExpression(expression, values);
      return typeof value === 'string' ? value : null;
    };

    const match = (i: number, pos: number): boolean => {
      if (++steps > budget) throw new BudgetExhausted();
      if (i === k) return pos === n;
      if (n - pos < minRest[i]) return false;
      const key = failKey(i, pos);
      if (hasFailed(key)) return false;
      const part = parts[i];
      let ok = false;
      if (part.kind === 'text') {
        ok = prompt.startsWith(part.text, pos) && match(i + 1, pos + part.text.length);
      } else if (part.kind === 'repeat') {
        const s = start.get(part.name)!;
        const e = end.get(part.name)!;
        const len = e - s;
        ok = pos + len <= n && sameText(prompt, s, pos, len) && match(i + 1, pos + len);
      } else if (part.kind === 'derived') {
        const value = derivedValue(part.expression, part.uses);
        ok = value !== null && prompt.startsWith(value, pos) && match(i + 1, pos + value.length);
      } else {
        const next = parts[i + 1];
        // no value longer than the slot's longest filler: the reading stops there
        const maxEnd = Math.min(n - minRest[i + 1], pos + maxLength(part.name));
        // shortest first, as a lazy `.+?` would; when fixed text follows, only where it occurs
        let e = pos + 1;
        while (e <= maxEnd) {
          if (next?.kind === 'text') {
            const at = prompt.indexOf(next.text, e);
            if (at < 0 || at > maxEnd) break;
            e = at;
          }
          start.set(part.name, pos);
          end.set(part.name, e);
          if (accepts(part.name, prompt.slice(pos, e)) && match(i + 1, e)) {
            ok = true;
            break;
          }
          e++;
        }
        if (!ok) {
          start.delete(part.name);
          end.delete(part.name);
        }
      }
      if (!ok) markFailed(key);
      return ok;
    };

    try {
      if (!match(0, 0)) return { groups: null, exhausted: false, steps };
    } catch (err) {
      if (err instanceof BudgetExhausted) return { groups: null, exhausted: true, steps };
      throw err;
    }
    const groups: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, s] of start) groups[name] = prompt.slice(s, end.get(name));
    return { groups, exhausted: false, steps };
  };

  return { read, groups: (prompt) => read(prompt).groups };
}
