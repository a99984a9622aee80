import { InputError } from '../common/errors.ts';

/** a corpus name on the queue: what a job may say instead of a path */
export const CORPUS_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The corpora a worker offers to `discover` jobs, from its setting HUNT_DISCOVER_CORPORA:
 * `name=spec` pairs separated by `;`, each spec a path or folder on the worker's machine or a hub
 * dataset id. A job names a corpus; it never carries a path, so a queue payload cannot make a
 * worker read a file it did not offer.
 *
 * @example parseCorporaSetting('owt=/data/owt;wiki=wikimedia/wikipedia') // Map { 'owt' => '/data/owt', 'wiki' => 'wikimedia/wikipedia' }
 */
export function parseCorporaSetting(setting: string | undefined): Map<string, string> {
  const corpora = new Map<string, string>();
  for (const entry of (setting ?? '').split(';').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    const spec = entry.slice(eq + 1).trim();
    if (eq < 0 || !CORPUS_NAME.test(name) || spec === '') {
      throw new InputError('bad_option', `HUNT_DISCOVER_CORPORA: "${entry.slice(0, 80)}" is not name=path (a name of lower-case letters, digits and hyphens)`);
    }
    corpora.set(name, spec);
  }
  return corpora;
}

/** The spec of a named corpus, or a one-line refusal naming the ones there are. */
export function corpusSpec(corpora: ReadonlyMap<string, string>, name: string): string {
  const spec = corpora.get(name);
  if (spec === undefined) {
    const known = [...corpora.keys()].join(', ');
    throw new InputError('bad_option', `no corpus "${name}" on this worker (${known ? `it offers: ${known}` : 'it offers none: set HUNT_DISCOVER_CORPORA=name=path'})`);
  }
  return spec;
}
