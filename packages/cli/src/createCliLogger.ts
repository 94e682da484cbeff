import type { Logger, Redactor } from '@capkit/core';
import { usageError } from './CliError.js';

/** The levels of `CAPKIT_LOG`, most verbose first; `silent` writes nothing. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The variable that sets the log level (`CAPKIT_LOG=debug`); `--verbose` is the same as `debug`. */
export const LOG_VAR = 'CAPKIT_LOG';

/** The client's logger for one run, which also counts the retries it reported. */
export interface CliLogger extends Logger {
  readonly level: LogLevel;
  /** Transport retries reported so far (each is one more attempt of a request). */
  readonly retries: number;
  /** Sends lines elsewhere while a progress display owns the terminal (`undefined`: back to stderr). */
  route(writer: ((line: string) => void) | undefined): void;
}

/**
 * The log level of a run: `--verbose` is `debug`; else `CAPKIT_LOG`; else `info` for people (so retries
 * show as they happen) and `silent` with `--json` (stdout holds one document; stderr stays quiet).
 *
 * @throws a usage error for a `CAPKIT_LOG` that is no level.
 */
export function logLevelOf(
  options: { verbose: boolean; json: boolean },
  env: Readonly<Record<string, string | undefined>>,
) {
  if (options.verbose) return 'debug';
  const value = env[LOG_VAR]?.trim().toLowerCase();
  if (!value) return options.json ? 'silent' : 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined) {
    throw usageError(`${LOG_VAR}="${value}" is not a log level; use one of ${LOG_LEVELS.join(', ')}`, {
      field: LOG_VAR,
    });
  }
  return level;
}

/** `Retrying getBalance in 1840 ms` with its data → `retrying getBalance in 1.8 s (attempt 2 of 3, after TIMEOUT)`. */
function describe(message: string, data: Record<string, unknown> | undefined): string {
  const retry = /^Retrying (\w+) in (\d+) ms$/.exec(message);
  if (retry && data) {
    const seconds = (Number(retry[2]) / 1000).toFixed(1);
    return `retrying ${retry[1]} in ${seconds} s (attempt ${String(data.attempt)} of ${String(data.maxAttempts)}, after ${String(data.error)})`;
  }
  return data === undefined ? message : `${message} ${JSON.stringify(data)}`;
}

/**
 * Creates the logger a command's client writes to: one redacted line per message on stderr,
 * `capkit: <level>: <message>`, from `level` up.
 */
export function createCliLogger(
  stderr: NodeJS.WritableStream,
  options: { level: LogLevel; redactor: Redactor },
): CliLogger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  let retries = 0;
  let writer: ((line: string) => void) | undefined;
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>) => {
    if (message.startsWith('Retrying ')) retries += 1;
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const line = options.redactor.string(`capkit: ${level}: ${describe(message, data)}`);
    if (writer) writer(line);
    else stderr.write(`${line}\n`);
  };
  return {
    level: options.level,
    get retries() {
      return retries;
    },
    route(next) {
      writer = next;
    },
    debug: (message, data) => write('debug', message, data),
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  };
}

/**
 * Wraps `fetch` so that every request is logged at `debug`: method, status and duration, never a body
 * or a header (the body holds the key).
 */
export function loggingFetch(fetch: typeof globalThis.fetch, logger: Logger): typeof globalThis.fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const path = URL.canParse(url) ? new URL(url).pathname : url;
    const started = Date.now();
    logger.debug(`→ POST ${path}`);
    try {
      const response = await fetch(input, init);
      logger.debug(`← ${response.status} ${path} in ${Date.now() - started} ms`);
      return response;
    } catch (error) {
      logger.debug(
        `✖ ${path} after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
  };
}
