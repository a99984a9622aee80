import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withRowLogits } from './row-logits-graph.ts';

/**
 * Bumped whenever the rewrite changes, so folders cached by an older one are not reused (2–4: the
 * scoring tail; 5: the tail's own unembedding of `score_rows`, which index positions, and `present_new.*`).
 */
const REWRITE_VERSION = 5;

/**
 * A model folder whose ONNX graph computes logits at chosen rows only (see
 * row-logits-graph.ts), made once from a transformers.js model folder and kept in the cache:
 * the other files are symlinks to the original's, `onnx/<file>` is the rewritten graph.
 * Returns null when the graph cannot be rewritten or the cache is not writable; the caller
 * then loads the original folder.
 */
export function rowLogitsFolder(originalFolder: string, onnxFile: string, cacheDir: string): string | null {
  const onnxPath = path.join(originalFolder, onnxFile);
  if (!existsSync(onnxPath)) return null;
  const stat = statSync(onnxPath);
  const key = createHash('sha256').update(`${REWRITE_VERSION}\n${path.resolve(onnxPath)}\n${stat.size}\n${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const folder = path.join(cacheDir, 'row-logits', `${path.basename(originalFolder)}-${key}`);
  if (existsSync(path.join(folder, onnxFile))) return folder;
  try {
    const rewritten = withRowLogits(readFileSync(onnxPath));
    if (!rewritten) return null;
    // Build under a temporary name and rename: concurrent workers never see half a folder.
    const building = `${folder}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(path.join(building, path.dirname(onnxFile)), { recursive: true });
    // Everything else (config, tokenizer, an external-data file beside the graph) is linked.
    for (const dir of ['.', path.dirname(onnxFile)]) {
      for (const entry of readdirSync(path.join(originalFolder, dir))) {
        const from = path.join(originalFolder, dir, entry);
        const to = path.join(building, dir, entry);
        if (statSync(from).isFile() && !existsSync(to) && path.join(dir, entry) !== path.normalize(onnxFile)) symlinkSync(path.resolve(from), to);
      }
    }
    writeFileSync(path.join(building, onnxFile), rewritten);
    try {
      renameSync(building, folder);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process won the race
    }
    return existsSync(path.join(folder, onnxFile)) ? folder : null;
  } catch {
    return null;
  }
}
