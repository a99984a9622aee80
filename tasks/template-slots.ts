import { evaluateExpression, ExpressionError, expressionSlots, isListExpression, parseCall, type Expression } from './template-helpers.ts';

/**
 * Templates with `{slot}` placeholders, shared by the built-in generators and declarative
 * task files: "When {A} and {B} went to the {place}, {B} gave a {object} to". A declarative
 * template or answer may also call a helper (template-helpers.ts): "{add(N, 1)}".
 */

/** a slot: `{name}`, name as a JavaScript identifier so it can be a regex group name */
const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SLOT_AT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/y;
/** where a helper call starts: `{name(` */
const CALL_AT = /\{[A-Za-z_][A-Za-z0-9_]*\(/y;

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'slot'; name: string } | { kind: 'call'; expression: Expression; source: string };

/**
 * The slot names of a template, in order of first appearance, each once (plain `{slot}`s;
 * `referencedSlots` adds those helper calls read).
 *
 * @example templateSlots('{A} and {B} met; {B} left') // ['A', 'B']
 */
export function templateSlots(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1]))];
}

/**
 * A template as text, slots and helper calls. Any other brace is text ("{ {A} }" holds one
 * slot). A `{name(` that does not parse as a call is an ExpressionError saying why.
 *
 * @example templateParts('[{add(N, 1)}') // [{ kind: 'text', text: '[' }, { kind: 'call', source: 'add(N, 1)', expression: … }]
 */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const brace = template.indexOf('{', i);
    if (brace < 0) break;
    text += template.slice(i, brace);
    SLOT_AT.lastIndex = brace;
    CALL_AT.lastIndex = brace;
    const slot = SLOT_AT.exec(template);
    if (slot) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'slot', name: slot[1] });
      i = brace + slot[0].length;
    } else if (CALL_AT.test(template)) {
      // a call holds no braces (quoted texts may not either): it ends at the next "}"
      const end = template.indexOf('}', brace);
      const source = template.slice(brace + 1, end < 0 ? undefined : end);
      if (end < 0) throw new ExpressionError(`{${source.slice(0, 40)}: the helper call has no closing "}"`);
      let expression: Expression;
      try {
        expression = parseCall(source);
      } catch (err) {
        if (err instanceof ExpressionError) throw new ExpressionError(`{${source.length > 60 ? `${source.slice(0, 59)}…` : source}}: ${err.message}`);
        throw err;
      }
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'call', expression, source });
      i = end + 1;
    } else {
      text += '{';
      i = brace + 1;
    }
  }
  text += template.slice(i);
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/**
 * Every slot a template or answer reads, plain or through a helper call, each once in order.
 *
 * @example referencedSlots('{initials(M, F)} of {X}') // ['M', 'F', 'X']
 */
export function referencedSlots(template: string | readonly TemplatePart[]): string[] {
  const parts = typeof template === 'string' ? templateParts(template) : template;
  return [...new Set(parts.flatMap((p) => (p.kind === 'slot' ? [p.name] : p.kind === 'call' ? expressionSlots(p.expression) : [])))];
}

function slotValue(values: Readonly<Record<string, string>>, name: string): string {
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (value === undefined) throw new Error(`template slot {${name}} has no value`);
  return value;
}

/**
 * Replace every `{slot}` and helper call with its value; a slot without a value, or a call
 * that gives no single value, is an error, never left in.
 *
 * @example fillTemplate('{A} gave it to {B}', { A: 'Mary', B: 'John' }) // 'Mary gave it to John'
 * @example fillTemplate('[{add(N, 1)}', { N: '4' }) // '[5'
 */
export function fillTemplate(template: string | readonly TemplatePart[], values: Readonly<Record<string, string>>): string {
  const parts = typeof template === 'string' ? templateParts(template) : template;
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'slot') out += slotValue(values, part.name);
    else {
      const value = evaluateExpression(part.expression, values);
      if (typeof value !== 'string') throw new Error(`{${part.source}} gives ${value === null ? 'no value' : 'a list'} for ${JSON.stringify(values)}`);
      out += value;
    }
  }
  return out;
}

/**
 * The answers one answer template gives for these slot values: one, or one per value of a
 * list helper (`"{range(1, N)}"`); null when a helper cannot apply to them.
 *
 * @example fillAnswers(templateParts(' {range(3, 5)}'), {}) // [' 3', ' 4', ' 5']
 */
export function fillAnswers(parts: readonly TemplatePart[], values: Readonly<Record<string, string>>): string[] | null {
  let outs = [''];
  for (const part of parts) {
    if (part.kind === 'text') outs = outs.map((o) => o + part.text);
    else if (part.kind === 'slot') outs = outs.map((o) => o + slotValue(values, part.name));
    else {
      const value = evaluateExpression(part.expression, values);
      if (value === null) return null;
      outs = Array.isArray(value) ? outs.flatMap((o) => value.map((v) => o + v)) : outs.map((o) => o + value);
    }
  }
  return outs;
}

/** The list helper calls of parts (an answer may hold one; a template none). */
export const listCalls = (parts: readonly TemplatePart[]): string[] => parts.flatMap((p) => (p.kind === 'call' && isListExpression(p.expression) ? [p.source] : []));
