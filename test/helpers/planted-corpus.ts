import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { pick, seededRng, type Rng } from '../../common/random.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';

/**
 * Corpora with a known number of planted instances of one behaviour, in every format the
 * miner reads, for exact-count tests of `hunt mine`.
 *
 * The behaviour: an acronym in parentheses after the words it abbreviates,
 * "… Alpha Beta (AB) …". The regex finds every capitalised acronym in parentheses; the
 * heuristic answers only when two capitalised words precede the parenthesis. Three kinds of
 * plant: `agree` (Alpha Beta (AB): the heuristic answers and is right), `disagree`
 * (Gamma Delta (XY): answers, wrong), `decline` (the thing (QQ): no answer).
 */
export const ACRONYM_REGEX = { source: '\\((?<answer>[A-Z]{2,})\\)' };

function acronymHeuristic(prompt: string): { answers: string[] } | null {
  const m = /([A-Z])[a-z]+ ([A-Z])[a-z]+ \($/.exec(prompt);
  return m ? { answers: [m[1] + m[2]] } : null;
}

export const plantedAcronymTask: TaskDefinition = {
  id: 'planted-acronym',
  title: 'Acronym after its words (test corpus)',
  description: 'Two capitalised words, then their initials in parentheses.',
  status: 'proposed',
  generate: () => [],
  heuristic: acronymHeuristic,
  regex: ACRONYM_REGEX,
  origin: 'test/helpers/planted-corpus.ts',
};

/** A TaskSource for the miner's workers: they import this module and take the task. */
export const PLANTED_TASK_SOURCE = { kind: 'module' as const, url: new URL(import.meta.url).href, exportName: 'plantedAcronymTask' };

const FILLER = 'the of and to in a is that for it as was with be by on not this are or from at which but have an they you were her one all we there said would when what about been who will more'.split(' ');
const CAPITALS = 'Alpha Beta Gamma Delta National Space Federal Reserve World Health United Kingdom European Union Central Bank Open Source Public Radio'.split(' ');
/** unicode in the filler: offsets are UTF-16, bytes UTF-8, and both must stay right */
const UNICODE = ['naïve', 'café', 'Zürich→Köln', '漢字', '🙂'];

export interface PlantCounts {
  docs: number;
  agree: number;
  disagree: number;
  decline: number;
}

function filler(rng: Rng, words: number): string {
  let text = '';
  for (let i = 0; i < words; i++) {
    // single line breaks inside documents; never a blank line (that separates .txt documents)
    if (i > 0) text += rng() < 0.04 ? '\n' : ' ';
    text += rng() < 0.05 ? pick(rng, UNICODE) : pick(rng, FILLER);
  }
  return text;
}

function plant(rng: Rng, kind: 'agree' | 'disagree' | 'decline'): string {
  if (kind === 'decline') return `the thing (${String.fromCharCode(65 + Math.floor(rng() * 26)).repeat(2)})`;
  const a = pick(rng, CAPITALS);
  const b = pick(rng, CAPITALS);
  const right = a[0] + b[0];
  return `${a} ${b} (${kind === 'agree' ? right : right === 'XY' ? 'XZ' : 'XY'})`;
}

/** n documents, 0–3 plants each, and how many of each kind went in. */
export function plantedDocuments(seed: number, n: number): { docs: string[]; counts: PlantCounts } {
  const rng = seededRng(seed);
  const counts: PlantCounts = { docs: n, agree: 0, disagree: 0, decline: 0 };
  const docs: string[] = [];
  for (let d = 0; d < n; d++) {
    const parts = [filler(rng, 5 + Math.floor(rng() * 40))];
    const plants = Math.floor(rng() * 4);
    for (let p = 0; p < plants; p++) {
      const kind = pick(rng, ['agree', 'agree', 'disagree', 'decline'] as const);
      counts[kind]++;
      parts.push(plant(rng, kind), filler(rng, 3 + Math.floor(rng() * 20)));
    }
    docs.push(parts.join(' ').trim());
  }
  return { docs, counts };
}

export type PlantedFormat = 'txt' | 'txt.gz' | 'jsonl' | 'jsonl.gz' | 'parquet' | 'parquet.gz' | 'folder';

function writeParquet(file: string, docs: string[], rowGroupSize: number): void {
  parquetWriteFile({ filename: file, columnData: [{ name: 'id', data: docs.map((_, i) => `doc-${i}`), type: 'STRING' }, { name: 'text', data: docs, type: 'STRING' }], rowGroupSize });
}

/**
 * Write documents in a format; returns the corpus path. Parquet files get small row groups
 * (the reader must walk several) and an extra `id` column (it must read `text` only). A
 * folder mixes every format, nests a subfolder and holds a README.md that must be skipped.
 */
export function writePlantedCorpus(dir: string, format: PlantedFormat, docs: string[]): string {
  mkdirSync(dir, { recursive: true });
  const txt = docs.join('\n\n') + '\n';
  const jsonl = docs.map((text) => JSON.stringify({ text, url: 'https://example.com' })).join('\n') + '\n';
  const file = path.join(dir, `corpus.${format}`);
  switch (format) {
    case 'txt': writeFileSync(file, txt); break;
    case 'txt.gz': writeFileSync(file, gzipSync(txt)); break;
    case 'jsonl': writeFileSync(file, jsonl); break;
    case 'jsonl.gz': writeFileSync(file, gzipSync(jsonl)); break;
    case 'parquet': writeParquet(file, docs, 25); break;
    case 'parquet.gz': {
      const plain = path.join(dir, 'plain.parquet.tmp');
      writeParquet(plain, docs, 25);
      writeFileSync(file, gzipSync(readFileSync(plain)));
      rmSync(plain);
      break;
    }
    case 'folder': {
      const folder = path.join(dir, 'corpus');
      const parts = [docs.slice(0, Math.floor(docs.length / 3)), docs.slice(Math.floor(docs.length / 3), Math.floor((2 * docs.length) / 3)), docs.slice(Math.floor((2 * docs.length) / 3))];
      mkdirSync(path.join(folder, 'b-nested'), { recursive: true });
      writeFileSync(path.join(folder, 'a.txt.gz'), gzipSync(parts[0].join('\n\n')));
      writeFileSync(path.join(folder, 'b-nested', 'c.jsonl'), parts[1].map((text) => JSON.stringify({ text })).join('\n'));
      writeParquet(path.join(folder, 'd.parquet'), parts[2], 10);
      writeFileSync(path.join(folder, 'README.md'), 'not a corpus file (Alpha Beta (AB))');
      return folder;
    }
  }
  return file;
}

/**
 * A declarative task file (YAML) that carries its own regex, and a corpus for it with a
 * known outcome per plant. The template heuristic reads the prompt back as
 * `{pre}My name is {name}. Call me`, each slot holding one of its fillers, so a plant at the
 * very start of a document (empty {pre}), after other text, or naming someone not on the
 * list is one it declines.
 */
export const CALL_ME_TASK_YAML = `id: call-me-by-name
title: Call me by my name
description: After "My name is X. Call me", X comes next.
template: "{pre}My name is {name}. Call me"
slots: { pre: ["Hello. ", "Hi there. ", "Well. "], name: [Alice, Bob, Carol, Robert] }
expected: " {name}"
regex: "My name is (?<name>[A-Z][a-z]+)\\\\. Call me(?<answer> [A-Z][a-z]+)"
`;

export const CALL_ME_DOCS = [
  'Hi there. My name is Alice. Call me Alice, please.', // answered, agrees
  'No plant here at all.',
  'Well. My name is Robert. Call me Bob if you like.', // answered, disagrees: " Robert" vs " Bob"
  'My name is Carol. Call me Carol.', // declined: nothing before the template
  'First: my name is Dan. Call me Dan. Then: My name is Eve. Call me Eve!', // the lower-case "my" is no match; Eve is declined: not on the list (nor is the text before her)
  'Hello. My name is Mallory. Call me Mallory.', // declined: Mallory is not on the list
];
export const CALL_ME_COUNTS = { docs: 6, matches: 5, answered: 2, agreed: 1 };
