#!/usr/bin/env node
// `npm run build`: compile the sources to JavaScript in dist/ so the installed `hunt` starts
// without transpiling (tsconfig.build.json picks up every .ts file outside test/ and bench/,
// so new files and folders need no list here), then copy what the code reads at run time
// next to it: every other file of those folders (SQL migrations, data, static files), and the
// .mjs entry points of child processes and worker threads rewritten to import the compiled
// .js instead of registering tsx.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const SKIP = new Set(['node_modules', 'dist', 'test', 'bench', 'scripts', 'bin', 'docs', '.git']);

/** Top-level folders holding TypeScript sources: what the build compiles and bin/hunt.mjs watches. */
export function sourceRoots(dir = root) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name))
    .filter((e) => readdirSync(path.join(dir, e.name), { recursive: true }).some((f) => String(f).endsWith('.ts')))
    .map((e) => e.name)
    .sort();
}

/** A .mjs entry for the sources registers tsx and imports ./x.ts; compiled, it imports ./x.js directly. */
export function compiledEntry(text) {
  return text
    .replace(/^import \{ register \} from 'tsx\/esm\/api';\n/m, '')
    .replace(/^register\(\);\n/m, '')
    .replace(/(['"])(\.{1,2}\/[^'"]+)\.ts\1/g, '$1$2.js$1');
}

function build() {
  const roots = sourceRoots();
  if (!roots.includes('cli')) {
    // e.g. `npm ci` in a Docker layer that holds package.json only: the sources come later.
    console.log('build: no sources here yet, nothing to compile');
    return;
  }
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  // typescript's package.json exports no bin path: find the package, then its declared bin.
  const pkgJson = createRequire(import.meta.url).resolve('typescript/package.json');
  const tsc = path.join(path.dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.tsc);
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  let assets = 0;
  for (const top of roots) {
    for (const rel of readdirSync(path.join(root, top), { recursive: true }).map(String)) {
      if (rel.endsWith('.ts') || rel.split(path.sep).includes('node_modules')) continue;
      const from = path.join(root, top, rel);
      if (!statSync(from).isFile()) continue;
      const to = path.join(dist, top, rel);
      mkdirSync(path.dirname(to), { recursive: true });
      if (rel.endsWith('.mjs')) writeFileSync(to, compiledEntry(readFileSync(from, 'utf8')));
      else copyFileSync(from, to);
      assets++;
    }
  }
  // bin/hunt.mjs runs dist/ only while no source is newer than this stamp.
  writeFileSync(path.join(dist, 'build-stamp.json'), `${JSON.stringify({ builtAt: started, roots }, null, 2)}\n`);
  console.log(`build: ${roots.join(', ')} → dist/ (${assets} assets copied) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) build();
