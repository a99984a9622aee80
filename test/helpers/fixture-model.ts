import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScoringEngine } from '../../models/scoring-engine.ts';

/** The tiny real GPT-2 (2 layers, real tokenizer) that learned induction; see its README. */
export const FIXTURE_MODEL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/tiny-gpt2');
/** The model id a worker reports for the fixture (a local folder: `local:<folder name>`); it names the fixture's queue. */
export const FIXTURE_MODEL_ID = 'local:tiny-gpt2';

export interface ReferencePrompt {
  text: string;
  input_ids: number[];
  positions: { top10_ids: number[]; top10_logits: number[]; logsumexp: number; probe_logits: number[] }[];
}

export interface Reference {
  probe_ids: number[];
  prompts: ReferencePrompt[];
}

export function readReference(): Reference {
  return JSON.parse(readFileSync(path.join(FIXTURE_MODEL, 'reference.json'), 'utf8')) as Reference;
}

let shared: Promise<ScoringEngine> | undefined;

/** One engine per test file (the model loads once); tests must not mutate it. */
export function fixtureEngine(): Promise<ScoringEngine> {
  shared ??= ScoringEngine.load({ model: FIXTURE_MODEL });
  return shared;
}
