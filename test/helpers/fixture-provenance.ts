import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { FIXTURE_MODEL, FIXTURE_MODEL_ID } from './fixture-model.ts';

/** The fixture's weight file hashed here, independently of the worker's own hashing. */
export const FIXTURE_WEIGHTS_SHA256 = createHash('sha256').update(readFileSync(path.join(FIXTURE_MODEL, 'onnx/model.onnx'))).digest('hex');
/** A worker started by a test runs in the test's process (its model in a child), so it names this host and pid. */
export const IN_PROCESS_WORKER = `worker ${hostname()}:${process.pid}`;
/** This tool's version, read from package.json here. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The provenance a worker in this process serving the fixture attaches to an evaluation with this seed and n. */
export function fixtureProvenance(seed: number, n: number) {
  return {
    model_id: FIXTURE_MODEL_ID,
    model_revision: `sha256:${FIXTURE_WEIGHTS_SHA256.slice(0, 16)}`,
    model_file_hash: FIXTURE_WEIGHTS_SHA256,
    tool_version: PACKAGE_VERSION,
    seed,
    n,
    computed_by: IN_PROCESS_WORKER,
  };
}
