import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInstancesFile } from '../../../tasks/instances-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-instances-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe('reading mined instances', () => {
  it('GIVEN JSONL lines THEN each is a corpus instance with its real continuation; other fields go to meta; blank lines are skipped', async () => {
    const instances = await readInstancesFile(
      file('ok.jsonl', '{"prompt": "A [1]. B [", "actual": "2"}\n\n{"prompt": "x y", "doc": 7}\n'),
    );
    expect(instances).toStrictEqual([
      { prompt: 'A [1]. B [', actual: '2', source: 'corpus' },
      { prompt: 'x y', meta: { doc: 7 }, source: 'corpus' },
    ]);
  });

  it.each([
    ['a line that is not JSON', '{"prompt": "a"}\nnot json\n', 'bad.jsonl:2: not a JSON object'],
    ['a line without a prompt', '{"actual": "a"}\n', 'bad.jsonl:1: prompt: is missing'],
    ['an empty prompt', '{"prompt": ""}\n', 'bad.jsonl:1: prompt: must not be empty'],
    ['a file with no lines', '\n\n', 'bad.jsonl: no instances in the file'],
  ])('GIVEN %s THEN reading fails naming the file and line', async (_, text, message) => {
    await expect(readInstancesFile(file('bad.jsonl', text))).rejects.toThrow(message);
  });
});
