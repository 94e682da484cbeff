import type { Redactor } from '@capkit/core';
import pc from 'picocolors';
import type { ErrorReport } from './reportError.js';

/** Where a command writes. Defaults to the process streams; tests and embedders pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Writes a command's result and errors in the chosen format. */
export interface Output {
  readonly json: boolean;
  /** Colour functions, disabled by `--no-color`, `NO_COLOR` or a non-TTY stream. */
  readonly colors: ReturnType<typeof pc.createColors>;
  /** The command's result: `text` for people (stdout), or `data` as the single JSON document. */
  result(data: Record<string, unknown>, text: string): void;
  /** A note for people on stderr (hints, summaries); nothing with `--json`. */
  note(text: string): void;
  /** A failure: a JSON error document on stdout with `--json`, else one line on stderr. */
  error(report: ErrorReport): void;
}

/** Options of {@link createOutput}. */
export interface OutputOptions {
  json: boolean;
  color: boolean;
  /** Applied to every error and note: they quote user input and service answers, which may hold the key. */
  redactor: Redactor;
}

/**
 * Creates the output of one run. With `--json` exactly one JSON document reaches stdout, success
 * (`{ "ok": true, … }`) or failure (`{ "ok": false, "error": { code, category, message, … } }`), so
 * `capkit … --json | jq` always parses.
 *
 * Errors (message, task id, resume hint) and notes pass through the run's redactor. Results do not: a
 * result is the user's data (a token, the emulator's public key under `apiKey`), which must arrive unaltered.
 */
export function createOutput(io: CliIO, options: OutputOptions): Output {
  const { redactor } = options;
  const colors = pc.createColors(options.color && Boolean(io.stderr.isTTY));
  return {
    json: options.json,
    colors,
    result(data, text) {
      io.stdout.write(options.json ? `${JSON.stringify({ ok: true, ...data })}\n` : `${text}\n`);
    },
    note(text) {
      if (!options.json) io.stderr.write(`${redactor.string(text)}\n`);
    },
    error(unsafe) {
      const report = redactor.value(unsafe);
      if (options.json) {
        io.stdout.write(`${JSON.stringify({ ok: false, error: report })}\n`);
        return;
      }
      const field = report.field ? ` [field: ${report.field}]` : '';
      // Core's messages often name the task already; say it once.
      const task = report.taskId && !report.message.includes(report.taskId) ? ` (task ${report.taskId})` : '';
      io.stderr.write(
        `${colors.red('capkit: error:')} ${report.message}${field}${task} ${colors.dim(`[${report.code}]`)}\n`,
      );
      if (report.resume)
        io.stderr.write(`The task may still be solving; continue it with:\n  ${report.resume.command}\n`);
    },
  };
}

/** Whether colour is allowed: `--no-color` and the `NO_COLOR` convention (any non-empty value) turn it off. */
export function colorAllowed(flag: boolean, env: CliIO['env']): boolean {
  return flag && !env.NO_COLOR;
}
