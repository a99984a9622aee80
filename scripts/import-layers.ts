/**
 * The layering rule of ARCHITECTURE.md as code: every top-level folder has a layer, and an
 * import points from a folder to a folder of a lower layer (or within one folder), never up
 * and never sideways. The unit test runs `checkTree` on the repository and on planted
 * violations; `npm run layers` prints the folder graph (imports between folders, loops).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Lowest first. The core (common … queue) knows nothing of the front ends; the edges
 * (worker, web, bot, commands) build on the core; the CLI starts them all; `bin/` starts the CLI.
 */
export const LAYERS: Readonly<Record<string, number>> = {
  common: 0,
  models: 1,
  tasks: 2,
  corpus: 3,
  reports: 4,
  discover: 4,
  catalog: 4,
  queue: 5,
  worker: 6,
  web: 6,
  bot: 7,
  commands: 8,
  cli: 9,
  bin: 10,
};

/** Tools around the application: they may import anything, and nothing in a layer imports them. */
export const TOOL_FOLDERS: ReadonlySet<string> = new Set(['test', 'bench', 'scripts']);

/** Folders that hold no source of ours: build output, dependencies, docs. */
const SKIPPED = new Set(['node_modules', 'dist', '.git', 'docs', 'coverage']);

export interface SourceFile {
  /** path from the repository root, with `/` */
  path: string;
  source: string;
}

export interface ImportRef {
  specifier: string;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  /** the imported file, from the repository root */
  target: string;
  reason: string;
}

/**
 * The source with comments blanked (newlines kept, so line numbers hold) and strings left
 * alone: an `@example` in a comment is no import, and a `//` inside a URL string no comment.
 */
export function blankComments(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) out += source[i++] === '\n' ? '\n' : '';
      i += 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i++;
      while (i < n && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      out += source.slice(start, ++i);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  // import x from '…', import type { x } from '…', export { x } from '…', export * from '…'
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
  // import '…' (side effects only)
  /\bimport\s*(['"])([^'"]+)\1/g,
  // import('…') and vi.mock('…'), which loads the module too
  /\b(?:import|vi\.mock)\s*\(\s*(['"])([^'"]+)\1/g,
];

/** Every module a file imports, with its line. */
export function importsOf(source: string): ImportRef[] {
  const code = blankComments(source);
  const found = new Map<number, ImportRef>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const at = match.index + match[0].lastIndexOf(match[2]);
      found.set(at, { specifier: match[2], line: code.slice(0, at).split('\n').length });
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, ref]) => ref);
}

const folderOf = (file: string): string => file.split('/')[0];

/** The repository path a relative specifier names; a package name gives null. */
export function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

/** Why an import from folder `from` to folder `to` breaks the layering, or null when it does not. */
export function layerRule(from: string, to: string): string | null {
  if (from === to || TOOL_FOLDERS.has(from)) return null;
  if (TOOL_FOLDERS.has(to)) return `${to}/ is a tool folder: ${from}/ may not import it`;
  const fromLayer = LAYERS[from];
  const toLayer = LAYERS[to];
  if (fromLayer === undefined) return `${from}/ has no layer in ARCHITECTURE.md (scripts/import-layers.ts LAYERS)`;
  if (toLayer === undefined) return `${to}/ has no layer in ARCHITECTURE.md (scripts/import-layers.ts LAYERS)`;
  if (to === 'cli' && from !== 'bin') return `only bin/ may import cli/ (${from}/ does)`;
  if (toLayer === fromLayer) return `${from}/ and ${to}/ are side by side (layer ${fromLayer}): neither imports the other`;
  if (toLayer > fromLayer) return `${from}/ (layer ${fromLayer}) may not import ${to}/ (layer ${toLayer}): imports point down`;
  return null;
}

/** Every import of `files` that breaks the layering. Files at the root (configs) are not in a layer. */
export function checkImports(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (!file.path.includes('/')) continue;
    for (const ref of importsOf(file.source)) {
      const target = resolveSpecifier(file.path, ref.specifier);
      if (target === null || target.startsWith('..')) continue;
      // bin/hunt.mjs runs the compiled CLI when it is fresh
      if (folderOf(file.path) === 'bin' && folderOf(target) === 'dist') continue;
      const reason = layerRule(folderOf(file.path), folderOf(target));
      if (reason) violations.push({ file: file.path, line: ref.line, specifier: ref.specifier, target, reason });
    }
  }
  return violations;
}

/** The TypeScript and JavaScript sources under `root`, outside build output and dependencies. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || (entry.name.startsWith('.') && entry.isDirectory())) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && dir !== '') files.push({ path: rel, source: readFileSync(path.join(root, rel), 'utf8') });
    }
  };
  walk('');
  // fixtures are data (e.g. a model's tokenizer code), not our source
  return files.filter((f) => !f.path.startsWith('test/fixtures/'));
}

/** `checkImports` over the sources under `root`. */
export function checkTree(root: string): Violation[] {
  return checkImports(readSources(root));
}

/** How many imports run from each folder to each other folder, e.g. `"bot -> queue": 16`. */
export function folderEdges(files: SourceFile[]): Map<string, number> {
  const edges = new Map<string, number>();
  for (const file of files) {
    if (!file.path.includes('/')) continue;
    for (const ref of importsOf(file.source)) {
      const target = resolveSpecifier(file.path, ref.specifier);
      if (target === null || target.startsWith('..')) continue;
      const key = `${folderOf(file.path)} -> ${folderOf(target)}`;
      if (folderOf(file.path) !== folderOf(target)) edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return edges;
}

/** The folder loops of a graph: its strongly connected components of more than one folder. */
export function folderLoops(edges: Map<string, number>): string[][] {
  const next = new Map<string, string[]>();
  for (const key of edges.keys()) {
    const [from, to] = key.split(' -> ');
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  // Tarjan's algorithm
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) loops.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return loops;
}

/** `npm run layers [folder]`: the report for a checkout (default: this one). */
function main(): void {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  // the application's folders only: the tools import everything by design
  const files = readSources(root).filter((f) => !TOOL_FOLDERS.has(folderOf(f.path)));
  const edges = folderEdges(files);
  for (const [key, count] of [...edges.entries()].sort()) console.log(`${key.padEnd(24)} ${count}`);
  console.log(`${[...edges.values()].reduce((a, b) => a + b, 0)} imports between folders, over ${edges.size} folder pairs`);
  const loops = folderLoops(edges);
  console.log(loops.length === 0 ? 'no folder loops' : `folder loops: ${loops.map((l) => l.join(' ⇄ ')).join('; ')}`);
  const violations = checkImports(files);
  for (const v of violations) console.log(`${v.file}:${v.line} imports ${v.specifier}: ${v.reason}`);
  console.log(violations.length === 0 ? 'no forbidden imports' : `${violations.length} forbidden imports`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
