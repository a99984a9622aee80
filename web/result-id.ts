import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.ts';
import type { NewResult } from './result-record.ts';

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
