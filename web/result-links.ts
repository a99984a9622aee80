import { InputError } from '../common/errors.ts';
import type { NewResult } from './result-record.ts';
import type { ResultRepository } from './result-repository.ts';

export const DEFAULT_PUBLIC_URL = 'http://localhost:8080';

/**
 * The address people reach `hunt serve` at (env HUNT_PUBLIC_URL, default
 * http://localhost:8080), without a trailing slash.
 *
 * @example publicUrl({ HUNT_PUBLIC_URL: 'https://hunt.example.org/' }) // 'https://hunt.example.org'
 */
export function publicUrl(env: NodeJS.ProcessEnv = process.env, given?: string): string {
  const raw = given ?? (env.HUNT_PUBLIC_URL || DEFAULT_PUBLIC_URL);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError('bad_option', `public URL must be an absolute http(s) URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError('bad_option', `public URL must start with http:// or https:// (got "${raw}")`);
  return url.href.replace(/\/+$/, '');
}

/** The page of a stored result. */
export function resultUrl(base: string, id: string): string {
  return `${base}/r/${id}`;
}

/**
 * Store a result and give its link: what `--share` and the bot's replies use, so a link
 * from the terminal and one from Discord are the same kind of thing.
 */
export class ResultLinks {
  constructor(
    private readonly results: Pick<ResultRepository, 'store'>,
    readonly baseUrl: string,
  ) {}

  async share(result: NewResult): Promise<{ id: string; url: string }> {
    const { id } = await this.results.store(result);
    return { id, url: resultUrl(this.baseUrl, id) };
  }
}
