import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedGraphFile } from '../../../models/graph/graph-cache.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A cache dir and two model folders both named "gpt2", each with a weights file. */
function setUp() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hunt-graph-cache-'));
  made.push(root);
  const weights = (folder: string, content: string) => {
    mkdirSync(path.join(root, folder), { recursive: true });
    const file = path.join(root, folder, 'model.safetensors');
    // replaced as a download replaces it: a new file renamed over the old (a new inode)
    writeFileSync(`${file}.new`, content);
    renameSync(`${file}.new`, file);
    return file;
  };
  return { cache: path.join(root, 'cache'), weights, graphs: () => readdirSync(path.join(root, 'cache', 'graphs')).sort() };
}

describe('GIVEN graphs cached beside hard links to their weights files', () => {
  it('WHEN a weights file is replaced THEN its new graph gets a folder of its own and the replaced one is removed, with the hard link that kept the old weights on disk', () => {
    const { cache, weights, graphs } = setUp();
    const file = weights('a/gpt2', 'old weights');
    const first = path.dirname(cachedGraphFile(cache, file, 'plain', Uint8Array.of(1)));
    const inspect = path.dirname(cachedGraphFile(cache, file, 'inspect', Uint8Array.of(2)));
    const other = path.dirname(cachedGraphFile(cache, weights('b/gpt2', 'another model'), 'plain', Uint8Array.of(1)));
    expect(statSync(file).nlink).toBe(3); // the file and its two graphs' links
    const oldInode = statSync(file).ino;

    weights('a/gpt2', 'new weights, another size');
    const second = path.dirname(cachedGraphFile(cache, file, 'plain', Uint8Array.of(1)));
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    // the other kind linked the old file too and goes; another folder's weights of the same folder name stay
    expect(existsSync(inspect)).toBe(false);
    expect(graphs()).toStrictEqual([path.basename(other), path.basename(second)].sort());
    expect(statSync(path.join(second, 'model.safetensors')).ino).toBe(statSync(file).ino);
    expect(statSync(path.join(second, 'model.safetensors')).ino).not.toBe(oldInode);
  });

  it('WHEN the same weights and graph are asked for again THEN the cached folder is reused and nothing is removed', () => {
    const { cache, weights, graphs } = setUp();
    const file = weights('a/gpt2', 'weights');
    const first = cachedGraphFile(cache, file, 'plain', Uint8Array.of(1));
    expect(cachedGraphFile(cache, file, 'plain', Uint8Array.of(1))).toBe(first);
    expect(graphs()).toHaveLength(1);
  });

  it('WHEN the graph itself changes (a new hunt) THEN the folder of the old graph for the same weights is removed', () => {
    const { cache, weights, graphs } = setUp();
    const file = weights('a/gpt2', 'weights');
    cachedGraphFile(cache, file, 'plain', Uint8Array.of(1));
    const next = cachedGraphFile(cache, file, 'plain', Uint8Array.of(1, 2));
    expect(graphs()).toStrictEqual([path.basename(path.dirname(next))]);
  });
});
