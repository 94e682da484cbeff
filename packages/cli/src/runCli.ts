import { createRedactor, type Redactor } from '@capkit/core';
import { CommanderError } from 'commander';
import { collectApiKeys } from './collectApiKeys.js';
import { createCliLogger, logLevelOf, type CliLogger } from './createCliLogger.js';
import type { CommandContext, GlobalOptions } from './CommandContext.js';
import { colorAllowed, createOutput, type CliIO } from './createOutput.js';
import { createProgram } from './createProgram.js';
import { EXIT_CODES } from './exitCodes.js';
import { reportError, type ErrorReport } from './reportError.js';
import { describeTotalWait } from './describeTotalWait.js';
import { MAY_EXIST_NOTE } from './TaskRunError.js';
import { usageCodeOf } from './usageCodeOf.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Streams and environment; default the process's. */
  io?: CliIO;
  /** Aborts the running command (the bin wires Ctrl-C to it). */
  signal?: AbortSignal;
}

/**
 * Runs `capkit` with `argv` (as in `process.argv`: node, script, then arguments) and resolves with the
 * exit code; it never calls `process.exit`, so it can be embedded and tested.
 *
 * @example
 * ```ts
 * import { runCli } from '@capkit/cli';
 *
 * process.exitCode = await runCli(process.argv);
 * ```
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr, env: process.env };
  // Known before parsing: commander's own errors quote arguments (`unknown command 'CAP-…'`).
  const redactor = createRedactor(collectApiKeys(argv.slice(2), io.env));
  let exitCode: number = EXIT_CODES.success;
  const program = createProgram(io, async (action) => {
    exitCode = await execute(action, readGlobals(program.opts(), io), { io, redactor, external: options.signal });
  });
  // Commander would print usage errors as text; with --json they become the one JSON document instead.
  const json = argv.includes('--json');
  // Subcommands share the program's output configuration object, so this reaches their errors too.
  program.configureOutput(
    json ? { writeErr: () => undefined } : { writeErr: (text) => io.stderr.write(redactor.string(text)) },
  );
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return EXIT_CODES.success;
    if (json) createOutput(io, { json, color: false, redactor }).error(usageReport(error));
    return EXIT_CODES.usage;
  }
  return exitCode;
}

/** What every command of one run shares. */
interface RunScope {
  io: CliIO;
  redactor: Redactor;
  /** The caller's signal (Ctrl-C in the bin). */
  external: AbortSignal | undefined;
}

async function execute(
  action: (context: CommandContext) => Promise<number>,
  globals: GlobalOptions,
  { io, redactor, external }: RunScope,
): Promise<number> {
  const output = createOutput(io, { json: globals.json, color: globals.color, redactor });
  const timeout = globals.timeout === undefined ? undefined : AbortSignal.timeout(globals.timeout * 1000);
  const signals = [external, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length ? AbortSignal.any(signals) : new AbortController().signal;
  const startedAt = Date.now();
  let logger: CliLogger;
  try {
    logger = createCliLogger(io.stderr, { level: logLevelOf(globals, io.env), redactor });
  } catch (error) {
    output.error(reportError(error));
    return EXIT_CODES.usage;
  }
  try {
    return await action({ io, globals, output, signal, redactor, logger, startedAt });
  } catch (error) {
    const report = describeTotalWait(reportError(error), { startedAt, retries: logger.retries });
    // The core reports any abort as "aborted"; when --timeout fired, that abort is a limit running out.
    const timedOut = timeout?.aborted && report.exitCode === EXIT_CODES.interrupted;
    output.error(
      timedOut
        ? {
            ...report,
            exitCode: EXIT_CODES.limits,
            code: 'CAPKIT_TIMEOUT',
            category: 'limits',
            message: `--timeout of ${globals.timeout} s ran out${report.mayExist ? `; ${MAY_EXIST_NOTE}` : ''}`,
          }
        : report,
    );
    return timedOut ? EXIT_CODES.limits : report.exitCode;
  }
}

function readGlobals(options: Record<string, unknown>, io: CliIO): GlobalOptions {
  const globals: GlobalOptions = {
    json: Boolean(options.json),
    verbose: Boolean(options.verbose),
    color: colorAllowed(options.color !== false, io.env),
  };
  if (typeof options.apiKey === 'string') globals.apiKey = options.apiKey;
  if (typeof options.baseUrl === 'string') globals.baseUrl = options.baseUrl;
  if (typeof options.timeout === 'number') globals.timeout = options.timeout;
  if (typeof options.requestTimeout === 'number') globals.requestTimeout = options.requestTimeout;
  return globals;
}

function usageReport(error: CommanderError): ErrorReport {
  return {
    exitCode: EXIT_CODES.usage,
    // The CLI's own code: the parser is an implementation detail scripts must not depend on.
    code: usageCodeOf(error.code),
    category: 'usage',
    message: error.message.replace(/^error: /, ''),
  };
}
