/**
 * `npx tsx bench/template-reading.bench.ts`: how long a declarative task's heuristic takes to
 * read a prompt, for templates with adjacent slots, on the shapes that froze the bot: the old
 * backtracking regex (measured here for 2 and 3 slots only; 4 took 5.6 s, 5 took 53 s) side by
 * side with the bounded matcher. Medians of repeated runs, in one process.
 */
import { compileTemplateMatcher } from '../tasks/template-matcher.ts';

function oldRegex(template: string): RegExp {
  let source = '';
  let last = 0;
  const seen = new Set<string>();
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    source += escape(template.slice(last, m.index)) + (seen.has(m[1]) ? `\\k<${m[1]}>` : `(?<${m[1]}>.+?)`);
    seen.add(m[1]);
    last = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escape(template.slice(last))}$`, 's');
}

function median(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

// prompts of ~158 characters (the issue's corpus size): one full of " to" that does not end in it
// (the shape the old regex backtracked on), one that ends in it (a reading), one that repeats a slot
const prompts = {
  'no match': `${'x to '.repeat(31)}xyz`,
  match: `${'When Mary and John went to the store, John gave a drink to Mary and '.repeat(2)}then to`.slice(-158),
};
for (const [kind, prompt] of Object.entries(prompts)) {
  console.log(`\n${kind}: ${prompt.length} characters`);
  console.log('slots  old regex (median)   bounded matcher (median)   matcher steps');
  for (const slots of [2, 3, 4, 5, 6, 8]) {
    const template = `${Array.from({ length: slots }, (_, i) => `{S${i}}`).join('')} to`;
    const matcher = compileTemplateMatcher(template);
    const steps = matcher.read(prompt).steps;
    const bounded = median(() => matcher.read(prompt), 21);
    const old = slots <= 3 ? `${median(() => oldRegex(template).exec(prompt), 5).toFixed(1)} ms` : '(not run)';
    console.log(`${String(slots).padStart(5)}  ${old.padStart(19)}   ${`${bounded.toFixed(3)} ms`.padStart(24)}   ${String(steps).padStart(13)}`);
  }
}

// the worst the budget allows: repeated and adjacent slots on a 2,000-character prompt
const worst = compileTemplateMatcher('{G}{C}{E}{B}{E}{F}{G}{G}{F}');
const long = 'a '.repeat(973);
console.log(`\nworst case (budget exhausted, declines): ${median(() => worst.read(long), 11).toFixed(1)} ms median, ${worst.read(long).steps} steps`);
