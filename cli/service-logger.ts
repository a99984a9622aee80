import { Option } from 'commander';
import { pino, type Logger } from 'pino';
import { LOG_REDACTION } from '../common/log-redaction.ts';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `--log-format`: readable lines on a terminal, JSON lines (for log collectors) otherwise. */
export function logFormatOption(): Option {
  return new Option('--log-format <format>', 'log lines: pretty (default on a terminal) or json (default otherwise; env LOG_FORMAT)').choices([...LOG_FORMATS]).env('LOG_FORMAT');
}

/** The format to use: as asked, else pretty when stderr is a terminal. */
export function resolveLogFormat(asked: string | undefined, isTTY: boolean = Boolean(process.stderr.isTTY)): LogFormat {
  if (asked === 'pretty' || asked === 'json') return asked;
  return isTTY ? 'pretty' : 'json';
}

/**
 * The logger of a long-running service (`hunt worker`, `hunt bot`), on stderr, written
 * synchronously so that the last lines before an exit are not lost. Pretty lines come from
 * pino-pretty, loaded only when used.
 */
export async function createServiceLogger(name: string, level: string, format: LogFormat): Promise<Logger> {
  if (format === 'json') return pino({ name, level, ...LOG_REDACTION }, pino.destination({ dest: 2, sync: true }));
  const { default: pretty } = await import('pino-pretty');
  return pino({ name, level, ...LOG_REDACTION }, pretty({ destination: 2, sync: true, colorize: Boolean(process.stderr.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true }));
}
