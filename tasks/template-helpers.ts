/**
 * The helpers a declarative task may call inside `{…}` to compute an answer (or a part of a
 * template) from its slots: `{initials(M, F, K)}`, `{add(N, 1)}`, `{range(add(YY, 1), 99, 2)}`.
 *
 * A call names one helper of this fixed table; its arguments are slot names, whole numbers,
 * double-quoted texts or other calls. Nothing else is read, so a task file cannot run code;
 * calls nest at most EXPRESSION_LIMITS.depth deep, and every helper is linear in its input and
 * bounded in its output, so a call costs microseconds. A helper that cannot apply to the values
 * read (add on a word, a range too long) gives null: the heuristic declines that prompt.
 */

/** Bounds of one `{call(…)}`: what a task needs is far inside them. */
export const EXPRESSION_LIMITS = {
  /** characters between the braces */
  chars: 300,
  /** calls inside calls */
  depth: 4,
  /** arguments of one call */
  args: 16,
  /** characters of a quoted text */
  textChars: 100,
  /** values of a list helper (range): more answers than any behaviour has */
  listValues: 1_000,
} as const;

/** the whole numbers helpers read and write: 9 digits, so every sum stays exact */
const WHOLE_NUMBER = /^-?\d{1,9}$/;
const wholeNumber = (value: string): number | null => (WHOLE_NUMBER.test(value) ? Number(value) : null);

export interface TemplateHelper {
  /** fewest and most arguments */
  args: [number, number];
  /** gives a list of values (one answer each), so it may only stand alone in an answer */
  list?: true;
  /** what the README says about it */
  doc: string;
  apply(values: readonly string[]): string | string[] | null;
}

const firstLetters = (values: readonly string[]): string =>
  values
    .flatMap((v) => v.split(/\s+/))
    .filter(Boolean)
    .map((word) => [...word][0])
    .join('');

const titleCase = (value: string): string => value.toLowerCase().replace(/(^|\s)(\S)/gu, (_, space: string, c: string) => space + c.toUpperCase());

/** Every helper; the README's table lists the same (a test checks it). */
export const TEMPLATE_HELPERS: Readonly<Record<string, TemplateHelper>> = {
  initials: { args: [1, 16], doc: 'the first letter of every word of its arguments: `initials(M, F, K)` → "BGA" for Big, Government, Agency', apply: firstLetters },
  add: {
    args: [2, 2],
    doc: 'the sum of two whole numbers, written without padding: `add(N, 1)` → "13" for N = 12; `add(N, -1)` subtracts',
    apply: ([a, b]) => {
      const x = wholeNumber(a);
      const y = wholeNumber(b);
      return x === null || y === null ? null : String(x + y);
    },
  },
  lower: { args: [1, 1], doc: 'lower case: `lower(X)` → "paris" for Paris', apply: ([x]) => x.toLowerCase() },
  upper: { args: [1, 1], doc: 'upper case: `upper(X)` → "PARIS"', apply: ([x]) => x.toUpperCase() },
  title: { args: [1, 1], doc: 'every word capitalised, the rest lower case: `title(X)` → "New York" for new YORK', apply: ([x]) => titleCase(x) },
  join: {
    args: [2, 16],
    doc: 'its arguments joined by the last one: `join(A, B, "_")` → "big_data" for big, data',
    apply: (values) => values.slice(0, -1).join(values.at(-1)),
  },
  range: {
    args: [2, 3],
    list: true,
    doc: 'every whole number from the first to the second, zero-padded to the third (optional) digits, each one answer: `range(add(YY, 1), 99, 2)` → "33" … "99" for YY = 32 (none when the first is larger)',
    apply: ([from, to, width = '0']) => {
      const a = wholeNumber(from);
      const b = wholeNumber(to);
      const w = wholeNumber(width);
      if (a === null || b === null || w === null || w < 0 || w > 9 || b - a + 1 > EXPRESSION_LIMITS.listValues) return null;
      return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => {
        const k = a + i;
        return `${k < 0 ? '-' : ''}${String(Math.abs(k)).padStart(w, '0')}`;
      });
    },
  },
};

export type Expression = { kind: 'slot'; name: string } | { kind: 'number'; value: string } | { kind: 'text'; value: string } | { kind: 'call'; helper: string; args: Expression[] };

/** A `{…}` that reads as a call but is not a valid one: the message says what to change. */
export class ExpressionError extends Error {}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d{1,9}(?![\d])/y;
const SPACE = /\s*/y;

/**
 * Parse the inside of `{…}` (without the braces) as one helper call.
 *
 * @example parseCall('add(N, 1)') // { kind: 'call', helper: 'add', args: [{ kind: 'slot', name: 'N' }, { kind: 'number', value: '1' }] }
 * @example parseCall('initals(A)') // throws ExpressionError: 'no helper "initals" (helpers: initials, add, lower, upper, title, join, range)'
 */
export function parseCall(source: string): Expression {
  if (source.length > EXPRESSION_LIMITS.chars) throw new ExpressionError(`is ${source.length} characters; a helper call is at most ${EXPRESSION_LIMITS.chars}`);
  let at = 0;
  const sticky = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) return null;
    at = re.lastIndex;
    return m[0];
  };
  const space = () => sticky(SPACE);
  const fail = (what: string): never => {
    throw new ExpressionError(`${what} at "${source.slice(at, at + 20)}"`);
  };

  const call = (helper: string, depth: number): Expression => {
    if (depth > EXPRESSION_LIMITS.depth) throw new ExpressionError(`nests calls more than ${EXPRESSION_LIMITS.depth} deep`);
    const def = Object.hasOwn(TEMPLATE_HELPERS, helper) ? TEMPLATE_HELPERS[helper] : undefined;
    if (!def) throw new ExpressionError(`no helper "${helper}" (helpers: ${Object.keys(TEMPLATE_HELPERS).join(', ')})`);
    at++; // the "("
    const args: Expression[] = [];
    space();
    if (source[at] !== ')') {
      for (;;) {
        args.push(argument(depth));
        space();
        if (source[at] === ',') {
          at++;
          space();
          continue;
        }
        if (source[at] === ')') break;
        fail(`expected "," or ")" in ${helper}(…)`);
      }
    }
    at++; // the ")"
    const [min, max] = def.args;
    if (args.length < min || args.length > max) {
      throw new ExpressionError(`${helper}(…) takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${args.length}`);
    }
    for (const arg of args) {
      if (arg.kind === 'call' && TEMPLATE_HELPERS[arg.helper].list) throw new ExpressionError(`${arg.helper}(…) gives a list of answers: it cannot be an argument of ${helper}(…)`);
    }
    return { kind: 'call', helper, args };
  };

  const argument = (depth: number): Expression => {
    if (source[at] === '"') {
      const end = source.indexOf('"', at + 1);
      if (end < 0) fail('an unclosed quoted text');
      const value = source.slice(at + 1, end);
      if (value.length > EXPRESSION_LIMITS.textChars) throw new ExpressionError(`a quoted text is at most ${EXPRESSION_LIMITS.textChars} characters`);
      if (/[{}\n]/.test(value)) throw new ExpressionError('a quoted text may not hold braces or line breaks');
      at = end + 1;
      return { kind: 'text', value };
    }
    const number = sticky(NUMBER);
    if (number !== null) return { kind: 'number', value: String(Number(number)) };
    const name = sticky(IDENT);
    if (name === null) return fail('expected a slot name, a whole number, a "quoted text" or a helper call');
    // a name and "(" is a call, one level deeper; a bare name is a slot
    return source[at] === '(' ? call(name, depth + 1) : { kind: 'slot', name };
  };

  space();
  const name = sticky(IDENT);
  if (name === null || source[at] !== '(') return fail('expected a helper call such as add(N, 1)');
  const parsed = call(name, 1);
  space();
  if (at < source.length) fail('unexpected text after the call');
  return parsed;
}

/** The slot names an expression reads, each once, in order. */
export function expressionSlots(expression: Expression): string[] {
  const names: string[] = [];
  const visit = (e: Expression) => {
    if (e.kind === 'slot') names.push(e.name);
    else if (e.kind === 'call') e.args.forEach(visit);
  };
  visit(expression);
  return [...new Set(names)];
}

/** Whether the expression gives a list of answers (a list helper at its top). */
export const isListExpression = (expression: Expression): boolean => expression.kind === 'call' && TEMPLATE_HELPERS[expression.helper].list === true;

/**
 * The value of an expression for these slot values: a text, a list (list helpers), or null
 * when a helper cannot apply to them. A slot without a value is an error (the schema makes
 * sure every slot an expression reads is filled).
 *
 * @example evaluateExpression(parseCall('initials(M, F, K)'), { M: 'Big', F: 'Government', K: 'Agency' }) // 'BGA'
 */
export function evaluateExpression(expression: Expression, values: Readonly<Record<string, string>>): string | string[] | null {
  switch (expression.kind) {
    case 'slot': {
      const value = Object.hasOwn(values, expression.name) ? values[expression.name] : undefined;
      if (value === undefined) throw new Error(`template slot {${expression.name}} has no value`);
      return value;
    }
    case 'number':
    case 'text':
      return expression.value;
    case 'call': {
      const args: string[] = [];
      for (const arg of expression.args) {
        const value = evaluateExpression(arg, values);
        if (value === null || Array.isArray(value)) return null;
        args.push(value);
      }
      return TEMPLATE_HELPERS[expression.helper].apply(args);
    }
  }
}
