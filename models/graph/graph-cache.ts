import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXTERNAL_WEIGHTS_FILE } from './gpt2-graph.ts';

/** The file in each cached graph folder naming the weights file it links to. */
const SOURCE_FILE = 'source.json';

/**
 * The graph file for weights by reference: `<cacheDir>/graphs/<folder>-<kind>-<key>/model.onnx`
 * beside a hard link to the safetensors file (onnxruntime refuses external data that resolves
 * outside the graph's folder, symlinks included). The key covers the file's identity (path,
 * inode, size, mtime) and the graph's bytes, so a replaced weights file or a changed graph gets a
 * folder of its own; the folders it replaces are removed (see `pruneReplaced`), since each hard
 * link would keep a replaced weights file's blocks on disk.
 */
export function cachedGraphFile(cacheDir: string, weightsFile: string, kind: string, bytes: Uint8Array): string {
  const stat = statSync(weightsFile);
  const key = createHash('sha256').update(`${weightsFile}\n${stat.ino}\n${stat.size}\n${stat.mtimeMs}\n`).update(bytes).digest('hex').slice(0, 16);
  const graphs = path.join(cacheDir, 'graphs');
  const prefix = `${path.basename(path.dirname(weightsFile))}-${kind}-`;
  const folder = path.join(graphs, `${prefix}${key}`);
  const graphFile = path.join(folder, 'model.onnx');
  if (!existsSync(graphFile)) {
    const building = `${folder}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    linkSync(weightsFile, path.join(building, EXTERNAL_WEIGHTS_FILE));
    writeFileSync(path.join(building, 'model.onnx'), bytes);
    writeFileSync(path.join(building, SOURCE_FILE), JSON.stringify({ weights: weightsFile }));
    try {
      renameSync(building, folder);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process made it first
    }
    pruneReplaced(graphs, path.basename(folder), weightsFile, kind);
  }
  return graphFile;
}

/**
 * Remove the graph folders under `graphs` that `keep` replaces: those made from the same weights
 * path whose link is to another file (the weights were replaced: every kind of graph), and those
 * of the same kind with another key (the graph changed). A session still running on one keeps its
 * mapping; the next load builds afresh.
 */
export function pruneReplaced(graphs: string, keep: string, weightsFile: string, kind: string): string[] {
  const removed: string[] = [];
  const current = statSync(weightsFile).ino;
  const sameKind = `${path.basename(path.dirname(weightsFile))}-${kind}-`;
  for (const name of readdirSync(graphs)) {
    if (name === keep || name.endsWith('.tmp')) continue;
    const folder = path.join(graphs, name);
    let linked: number;
    try {
      const source = JSON.parse(readFileSync(path.join(folder, SOURCE_FILE), 'utf8')) as { weights?: unknown };
      if (source.weights !== weightsFile) continue;
      linked = statSync(path.join(folder, EXTERNAL_WEIGHTS_FILE)).ino;
    } catch {
      continue; // not ours to judge: a folder without its source note (or being written)
    }
    if (linked === current && !name.startsWith(sameKind)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
