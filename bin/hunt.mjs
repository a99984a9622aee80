#!/usr/bin/env node
// The `hunt` command. It runs the compiled JavaScript in dist/ (`npm run build`, also run by
// `npm ci`/`npm install`) when that is up to date, which starts in a fraction of the time; else
// (no build, or a source edited since) the TypeScript sources through tsx, so an edit is never
// run stale. HUNT_FROM_SOURCE=1 always runs the sources.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** True when dist/ was built after every source file last changed (a few ms: mtimes only). */
function distIsFresh() {
  const stampFile = path.join(root, 'dist', 'build-stamp.json');
  if (!existsSync(stampFile)) return false;
  try {
    const { builtAt, roots } = JSON.parse(readFileSync(stampFile, 'utf8'));
    for (const top of roots) {
      const dir = path.join(root, top);
      // the folder's own mtime changes when a file in it is added, removed or renamed
      if (!existsSync(dir) || statSync(dir).mtimeMs > builtAt) return false;
      for (const rel of readdirSync(dir, { recursive: true })) {
        const name = String(rel);
        if (name.includes('node_modules')) continue;
        if (statSync(path.join(dir, name)).mtimeMs > builtAt) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

let main;
if (process.env.HUNT_FROM_SOURCE !== '1' && distIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv);
