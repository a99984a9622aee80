/**
 * Templates with `{slot}` placeholders, shared by the built-in generators and declarative
 * task files: "When {A} and {B} went to the {place}, {B} gave a {object} to".
 */

/** a slot: `{name}`, name as a JavaScript identifier so it can be a regex group name */
const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The slot names of a template, in order of first appearance, each once.
 *
 * @example templateSlots('{A} and {B} met; {B} left') // ['A', 'B']
 */
export function templateSlots(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1]))];
}

/**
 * Replace every `{slot}` with its value; a slot without a value is an error, never left in.
 *
 * @example fillTemplate('{A} gave it to {B}', { A: 'Mary', B: 'John' }) // 'Mary gave it to John'
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(SLOT, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template slot {${name}} has no value`);
    return value;
  });
}
