import type { Redactor } from '@capkit/core';
import type { Output, CliIO } from './createOutput.js';
import type { ExitCode } from './exitCodes.js';

/** The global options every command sees (`capkit --json solve …`). */
export interface GlobalOptions {
  /** The key, when given with `--api-key` (discouraged: it lands in shell history). */
  apiKey?: string;
  baseUrl?: string;
  json: boolean;
  /** Seconds before the command gives up (exit 3). */
  timeout?: number;
  color: boolean;
}

/** What a command runs with. */
export interface CommandContext {
  io: CliIO;
  globals: GlobalOptions;
  output: Output;
  /** Aborted on Ctrl-C or when `--timeout` runs out. */
  signal: AbortSignal;
  /** Scrubs the run's API keys (`--api-key`, `CAPSOLVER_API_KEY`) and key-looking fragments from text. */
  redactor: Redactor;
}

/** Runs a command's action with its context; supplied by `runCli`. */
export type RunAction = (action: (context: CommandContext) => Promise<ExitCode>) => Promise<void>;
