import { createHash } from 'node:crypto';
import type { NewResult } from './result-record.ts';

/**
 * JSON with object keys sorted at every depth, so equal content has one text whatever
 * order its keys were built in. Arrays keep their order (it means something).
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The permanent id of a result: a hash of everything it is (kind, model id and weights
 * hash, tool version, seed, input, output). The same result shared twice gets the same
 * id; any difference, even another seed, gets another.
 *
 * @example resultId({ kind: 'tokens', model: { id: 'Xenova/gpt2', revision: null }, tool_version: '0.1.0', seed: null, input: { text: 'Hi' }, output: {} })
 * // a 20-hex-digit string such as '3f0c9e…'
 */
export function resultId(result: NewResult): string {
  return createHash('sha256').update(canonicalJson(result)).digest('hex').slice(0, 20);
}
