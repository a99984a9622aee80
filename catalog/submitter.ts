import { InputError } from '../common/errors.ts';

/**
 * Who submitted a task, as the catalog's `submitter` column holds it: a Discord user's id
 * (digits), `cli:<name>` for `hunt submit`, or any other name (an imported catalog's).
 */
export type Submitter = { kind: 'discord'; userId: string } | { kind: 'terminal'; name: string } | { kind: 'other'; name: string };

/** Longest submitter name `--as` takes. */
export const SUBMITTER_NAME_MAX = 64;
const TERMINAL_PREFIX = 'cli:';
/** Discord ids are snowflakes: a 64-bit number written in decimal */
const DISCORD_ID = /^[0-9]{1,20}$/;

/**
 * How the catalog names a submitter from the terminal: `cli:<name>`, so that no one is taken
 * for a Discord user (whose ids are digits) and a vote from Discord is never "their own".
 *
 * @example terminalSubmitter('ada') // 'cli:ada'
 * @example terminalSubmitter('') // throws InputError: '--as must be a name of 1 to 64 characters without spaces or control characters (got "")'
 */
export function terminalSubmitter(name: string): string {
  if (name.length === 0 || name.length > SUBMITTER_NAME_MAX || /[\s\p{Cc}]/u.test(name)) {
    throw new InputError('bad_option', `--as must be a name of 1 to ${SUBMITTER_NAME_MAX} characters without spaces or control characters (got ${JSON.stringify(name.slice(0, 80))})`);
  }
  return `${TERMINAL_PREFIX}${name}`;
}

/**
 * A stored submitter read back: a front end shows a Discord user as a mention and anyone
 * else as text.
 *
 * @example readSubmitter('cli:ada') // { kind: 'terminal', name: 'ada' }
 * @example readSubmitter('1400000000000000001') // { kind: 'discord', userId: '1400000000000000001' }
 */
export function readSubmitter(submitter: string): Submitter {
  if (DISCORD_ID.test(submitter)) return { kind: 'discord', userId: submitter };
  if (submitter.startsWith(TERMINAL_PREFIX) && submitter.length > TERMINAL_PREFIX.length) return { kind: 'terminal', name: submitter.slice(TERMINAL_PREFIX.length) };
  return { kind: 'other', name: submitter };
}
