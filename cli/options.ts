import { InvalidArgumentError, Option, type Command } from 'commander';
import { ENGINE_KINDS } from '../models/engine-kind.ts';
import { downloadProgress } from './download-progress.ts';
import type { ModelSourceOptions } from '../models/model-source.ts';

/**
 * Commander argument parsers with specific messages for bad values. `max`, when given, is a
 * documented limit and `why` says what it protects (shown with the error).
 */
export function wholeNumber(name: string, min: number, max?: number, why?: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < min) {
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min} (got "${raw}").`);
    }
    if (max !== undefined && value > max) {
      throw new InvalidArgumentError(`${name} must be at most ${max.toLocaleString('en-US')} (got ${raw})${why ? `: ${why}` : ''}.`);
    }
    return value;
  };
}

export function positiveNumber(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError(`${name} must be a number > 0 (got "${raw}").`);
    }
    return value;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Options every model-using command shares: where the model comes from and how it runs.
 * `graphOnly`: the command looks inside the model (attention, heads), which only the graph
 * engine can, so --engine offers `graph` alone instead of silently ignoring another choice.
 */
export function addModelOptions(command: Command, { graphOnly = false }: { graphOnly?: boolean } = {}): Command {
  const engine = graphOnly
    ? new Option('--engine <engine>', 'backend: always our own graph built from model.safetensors, the only one that shows attention and heads').choices(['graph'])
    : new Option('--engine <engine>', 'backend: transformers.js on the ONNX export, or our own graph built from model.safetensors (env HUNT_ENGINE; default transformers)').choices([...ENGINE_KINDS]);
  return command
    .option('--model <id|folder>', 'hub id or local folder (env HUNT_MODEL; default Xenova/gpt2 = GPT-2 small)')
    .addOption(new Option('--dtype <dtype>', 'weights precision (env HUNT_DTYPE; default fp32)').choices(['fp32', 'fp16', 'q8']))
    .addOption(new Option('--device <device>', 'onnxruntime execution provider (env HUNT_DEVICE; default cpu)').choices(['cpu', 'cuda']))
    .option('--cache-dir <folder>', 'where hub downloads are kept (env HUNT_CACHE_DIR; default ~/.cache/hunt/models)')
    .option('--threads <n>', 'onnxruntime intra-op threads (env HUNT_THREADS)', wholeNumber('threads', 1))
    .addOption(engine);
}

/** How a prompt becomes tokens: for every command that tokenizes one, here or through the queue. */
export function addTokenizeOptions(command: Command): Command {
  return command
    .option('--no-bos', 'do not prepend <|endoftext|> (prepended by default, as TransformerLens does)')
    .option('--truncate', 'cut an over-long prompt on the left instead of failing');
}

/** Options of commands that tokenize a prompt and print a report. */
export function addPromptOptions(command: Command): Command {
  return addTokenizeOptions(command).option('--json', 'print JSON (the documented, stable shape)');
}

export interface ModelCliOptions {
  model?: string;
  dtype?: string;
  device?: string;
  cacheDir?: string;
  threads?: number;
  engine?: string;
}

export function modelSourceOptions(options: ModelCliOptions): ModelSourceOptions {
  return { model: options.model, dtype: options.dtype, device: options.device, cacheDir: options.cacheDir, threads: options.threads, onDownload: downloadProgress() };
}
