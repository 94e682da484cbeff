import type { Redactor } from '@capkit/core';
import type { CliLogger } from './createCliLogger.js';
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
  /** Seconds each request may take (`--request-timeout`); default the client's 30 s. */
  requestTimeout?: number;
  /** `--verbose`: log every request (the same as `CAPKIT_LOG=debug`). */
  verbose: boolean;
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
  /** The client's logger: retries as they happen, every request with `--verbose` / `CAPKIT_LOG=debug`. */
  logger: CliLogger;
  /** When the command started (epoch ms), to state the real total wait when it gives up. */
  startedAt: number;
}

/** Runs a command's action with its context; supplied by `runCli`. */
export type RunAction = (action: (context: CommandContext) => Promise<ExitCode>) => Promise<void>;
