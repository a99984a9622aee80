import type { Rng } from '../../common/random.ts';

/**
 * Seeded adversarial values: what a hostile or careless user sends. Every generator takes the
 * run's Rng, so a failing input is reproduced by its seed and index.
 */

export const int = (rng: Rng, max: number): number => Math.floor(rng() * max);
export const oneOf = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)];

/** Keys every object inherits, and the one that replaces a prototype. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

const PIECES = ['', ' ', 'a', 'John', '{A}', '{B}', '{A}{B}', '{', '}', '{constructor}', '{__proto__}', '\\', '$&', '(?<answer>', ')', '.*', '\uD800', '\uDC00', '😀', '\u0000', '\r\n', '\n', '\t', '"', "'", ':', '- ', '&a', '*a', '!!js/function', '%', '<|endoftext|>', 'é', '\u202E'];

/** A short string of awkward pieces: lone surrogates, slot syntax, regex syntax, YAML syntax, control characters. */
export function nastyString(rng: Rng, maxPieces = 8): string {
  return Array.from({ length: int(rng, maxPieces + 1) }, () => oneOf(rng, PIECES)).join('');
}

/** Mostly short, sometimes huge (up to 1 MB): the size limits must answer, not the parser's stack. */
export function anyString(rng: Rng): string {
  const roll = rng();
  if (roll < 0.05) return oneOf(rng, ['x', '{A}', 'ab', '\uD83D']).repeat(1 + int(rng, 300_000));
  if (roll < 0.1) return String(int(rng, 2 ** 31) * (rng() < 0.5 ? 1 : 1e9));
  return nastyString(rng);
}

/** Any JSON-ish value, nested up to `depth` (sometimes far deeper, in a straight line). */
export function anyValue(rng: Rng, depth = 3): unknown {
  const roll = rng();
  if (roll < 0.03) return deepNest(200 + int(rng, 3_000), rng() < 0.5);
  if (depth <= 0 || roll < 0.45) {
    return oneOf(rng, [() => anyString(rng), () => int(rng, 3_000) - 1_000, () => rng() * 1e12, () => null, () => true, () => -0, () => Number.MAX_SAFE_INTEGER + 2, () => 2_147_483_648])();
  }
  if (roll < 0.7) return Array.from({ length: int(rng, 5) }, () => anyValue(rng, depth - 1));
  return anyObject(rng, depth - 1);
}

/** An object whose keys include prototype names now and then. */
export function anyObject(rng: Rng, depth = 2, keys: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = int(rng, 5); i > 0; i--) {
    const key = rng() < 0.2 ? oneOf(rng, PROTOTYPE_KEYS) : rng() < 0.5 && keys.length ? oneOf(rng, keys) : nastyString(rng, 3);
    Object.defineProperty(out, key, { value: anyValue(rng, depth), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function deepNest(levels: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** YAML a parser may choke on: alias bombs, deep flow nesting, tags, anchors to themselves, prototype keys. */
export function nastyYaml(rng: Rng): string {
  const kind = int(rng, 7);
  if (kind === 0) {
    // billion laughs
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    return `id: x\ntitle: x\n${lines.join('\n')}\n`;
  }
  if (kind === 1) return `id: x\ntemplate: ${'['.repeat(500 + int(rng, 5_000))}\n`;
  if (kind === 2) return `id: x\ntitle: !!js/function "function(){}"\ntemplate: "{A} to"\n`;
  if (kind === 3) return `${oneOf(rng, PROTOTYPE_KEYS)}: { polluted: true }\nid: x\ntitle: x\ntemplate: "Hi {A} to"\nslots: { ${oneOf(rng, PROTOTYPE_KEYS)}: [a], A: [b] }\nexpected: " {A}"\n`;
  if (kind === 4) return `id: x\ntitle: "${'\\uD800'.repeat(1 + int(rng, 50))}"\ntemplate: "{A}{B}{C}{D}{E}{F} to"\nslots: { A: [a], B: [b], C: [c], D: [d], E: [e], F: [f] }\nexpected: " {A}"\n`;
  if (kind === 5) return `&x a: *x\n`;
  return nastyString(rng, 40);
}

/** A task definition that is nearly right, then bent in one or two places. */
export function nearlyValidTask(rng: Rng): Record<string, unknown> {
  const slots = Array.from({ length: 1 + int(rng, 6) }, (_, i) => (rng() < 0.1 ? oneOf(rng, PROTOTYPE_KEYS) : `S${i}`));
  const glue = () => (rng() < 0.4 ? '' : oneOf(rng, [' ', ' and ', ', ', ' to the ', '😀']));
  // sometimes a helper call over the first slot: in the template (read back), or one that does not parse
  const call = () => oneOf(rng, [`{add(${slots[0]}, 1)}`, `{upper(${slots[0]})}`, `{join(${slots[0]}, ${slots[0]}, "-")}`, `{initials(${slots[0]}`, `{range(1, ${slots[0]})}`, `{nope(${slots[0]})}`]);
  const template = `${slots.map((s) => `{${s}}`).join(glue())}${glue()}${rng() < 0.2 ? call() : ''} to`;
  const task: Record<string, unknown> = {
    id: rng() < 0.9 ? 'fuzz-task' : anyString(rng),
    title: rng() < 0.9 ? 'Fuzz' : anyValue(rng),
    template: rng() < 0.9 ? template : anyValue(rng),
    slots: Object.fromEntries(
      slots.map((s) => [s, rng() < 0.7 ? ['alpha', 'beta', nastyString(rng, 2) || 'gamma'] : rng() < 0.3 ? { from: int(rng, 20) - 5, to: int(rng, 2_000) } : rng() < 0.5 ? 'words' : anyValue(rng)]),
    ),
    lists: { words: rng() < 0.9 ? ['one', 'two', 'three', 'four', 'five', 'six', 'seven'] : anyValue(rng) },
    expected: rng() < 0.7 ? ` {${slots[0]}}` : rng() < 0.7 ? ` ${call()}` : anyValue(rng),
  };
  if (rng() < 0.3) task.regex = rng() < 0.5 ? nastyString(rng) : { source: anyString(rng), flags: nastyString(rng, 2) };
  if (rng() < 0.2) task[oneOf(rng, [...PROTOTYPE_KEYS, 'pairs', 'control', 'distractor'])] = anyValue(rng);
  return task;
}
