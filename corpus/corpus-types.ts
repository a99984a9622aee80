/**
 * What the corpus readers hand the miner: documents, one at a time, never a whole
 * corpus in memory. Every reader is an async iterable so a 10 GB corpus streams
 * through in constant memory (issue #4).
 */

/** One document of a corpus. */
export interface CorpusDocument {
  /** where it came from, stable across runs: `owt/part-0.jsonl#41` (file, then 0-based index in it) */
  id: string;
  text: string;
}

export type CorpusFormat = 'txt' | 'jsonl' | 'parquet' | 'folder' | 'hub';

/** How a .txt file is cut into documents. */
export type TxtDocuments = 'blank-line' | 'file';

export interface CorpusReadOptions {
  /** JSONL field / parquet column holding the text (default `text`, OpenWebText's layout) */
  textField?: string;
  /**
   * `.txt` files: `blank-line` (default) — documents are separated by one or more blank
   * lines, so a single huge file streams in constant memory; `file` — each file is one
   * document (OpenWebText's original one-document-per-.txt layout).
   */
  txtDocuments?: TxtDocuments;
  /** Hugging Face endpoint for hub dataset ids (default env HF_ENDPOINT, then https://huggingface.co) */
  hubEndpoint?: string;
  /** fetch used for the hub (tests pass their own) */
  fetch?: typeof fetch;
}

/** An opened corpus: a description for reports, a document stream and how far along it is. */
export interface CorpusReader {
  format: CorpusFormat;
  /** what was opened, for reports: `jsonl.gz file data/owt.jsonl.gz` */
  description: string;
  /** bytes on disk (compressed where compressed) of everything to read, when known up front */
  totalBytes?: number;
  /** bytes on disk consumed so far; with totalBytes it gives a progress percentage */
  bytesRead(): number;
  /** where the file being read starts in the corpus: bytes on disk of the files before it */
  fileStart(): number;
  documents(): AsyncIterable<CorpusDocument>;
}
