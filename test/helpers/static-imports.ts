import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What a module loads at start-up: its static imports, followed through the project's own
 * files. `import type` (erased) and `await import(…)` (loaded when reached) are not
 * followed, so the result is what Node evaluates before the module's first line runs.
 */
export interface StaticImports {
  /** project files reached, relative to the root, the entry included */
  files: string[];
  /** packages reached (bare names: `pg`, `@electric-sql/pglite`; `node:` built-ins left out) */
  packages: string[];
}

// `import x from '…'`, `import { a, type B } from '…'`, `import '…'`, `export … from '…'`; not `import type`/`export type`.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gms;

/** The bare package name of a specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function staticImports(root: string, entry: string): StaticImports {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [path.resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const relative = path.relative(root, file);
    if (files.has(relative)) continue;
    files.add(relative);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!existsSync(target)) throw new Error(`${relative} imports ${specifier}, which does not exist`);
        pending.push(target);
      } else if (!specifier.startsWith('node:')) {
        packages.add(packageName(specifier));
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
