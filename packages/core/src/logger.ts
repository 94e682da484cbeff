import type { Redactor } from './redact.js';

/**
 * Where the client writes what it does. `console` fits; so do pino and winston loggers. The default
 * is silent. Every line goes through the client's redactor first, so the key never reaches it.
 */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

type LogLevel = keyof Logger;

/** A logger that drops everything: the default. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Wraps `logger` so that every message and every `data` object is redacted first. A throwing logger
 * is ignored: logging must never break a solve.
 */
export function createRedactingLogger(logger: Logger, redactor: Redactor): Logger {
  const redacting =
    (level: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void => {
      try {
        if (data === undefined) logger[level](redactor.string(message));
        else logger[level](redactor.string(message), redactor.value(data));
      } catch {
        // A broken logger is the caller's problem, not the task's.
      }
    };
  return { debug: redacting('debug'), info: redacting('info'), warn: redacting('warn'), error: redacting('error') };
}
