import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../common/errors.ts';
import type { TaskInstance } from './task-types.ts';

/** One line of an instances file, as `hunt mine` writes them: the prompt, and what really followed it. */
const instanceLineSchema = z.object({
  prompt: z.string().min(1, 'must not be empty'),
  actual: z.string().optional(),
});

/**
 * Read a JSONL file of `{ "prompt": …, "actual"?: … }` lines (blank lines skipped) as corpus
 * instances. Other fields on a line are kept in `meta`, never shown to the heuristic.
 * A bad line fails the whole file with its line number: a half-read corpus would skew the figures.
 */
export async function readInstancesFile(file: string): Promise<TaskInstance[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'not_found' : 'bad_option', `${file}: cannot read the instances file (${code ?? (err as Error).message})`);
  }
  const instances: TaskInstance[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      throw new InputError('bad_option', `${file}:${i + 1}: not a JSON object (${(err as Error).message})`);
    }
    const parsed = instanceLineSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new InputError('bad_option', `${file}:${i + 1}: ${field}${/received undefined/.test(issue.message) ? 'is missing' : issue.message}`);
    }
    const rest = Object.entries(data as Record<string, unknown>).filter(([key]) => key !== 'prompt' && key !== 'actual');
    const instance: TaskInstance = { prompt: parsed.data.prompt, source: 'corpus' };
    if (parsed.data.actual !== undefined) instance.actual = parsed.data.actual;
    if (rest.length > 0) instance.meta = Object.fromEntries(rest);
    instances.push(instance);
  });
  if (instances.length === 0) throw new InputError('bad_option', `${file}: no instances in the file`);
  return instances;
}
