import { seedFromString } from '../common/random.ts';
import type { TokenCountMode } from './scan-protocol.ts';

/** `sample` mode tokenizes the corpus's head (its first million characters or so), then one document in 64. */
export const SAMPLE_HEAD_CHARS = 1_000_000;
export const SAMPLE_EVERY = 64;

/** The file part of a document id (`owt/part-0.jsonl#41` → `owt/part-0.jsonl`). */
const fileOf = (id: string): string => id.slice(0, Math.max(0, id.lastIndexOf('#')));

/**
 * Which documents have their GPT-2 tokens counted exactly. Every decision depends on the
 * document alone (its id, and where its file starts in the corpus), never on what was read
 * before it in this process, so a corpus split into shards on the queue tokenizes exactly the
 * documents that one `hunt mine` process would, and both estimate the same token count.
 *
 * `sample`: a document is tokenized when it starts within the corpus's head — its file's
 * start (bytes on disk of the files before it) plus the characters of the file's earlier
 * documents is under SAMPLE_HEAD_CHARS — or when its id hashes to one in SAMPLE_EVERY.
 *
 * @example const s = new TokenSampler('sample'); s.take({ id: 'a.txt#0', text: 'Hi' }, 0) // true (the head)
 */
export class TokenSampler {
  private file = '';
  private charsBefore = 0;

  constructor(private readonly mode: TokenCountMode) {}

  /** Whether to tokenize this document; `fileStart` is where its file starts in the corpus (CorpusReader.fileStart). */
  take(doc: { id: string; text: string }, fileStart: number): boolean {
    if (this.mode === 'exact') return true;
    if (this.mode === 'bytes') return false;
    const file = fileOf(doc.id);
    if (file !== this.file) {
      this.file = file;
      this.charsBefore = 0;
    }
    const at = fileStart + this.charsBefore;
    this.charsBefore += doc.text.length;
    return at < SAMPLE_HEAD_CHARS || seedFromString(doc.id) % SAMPLE_EVERY === 0;
  }
}
