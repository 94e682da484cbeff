/**
 * `@capkit/cli`: the `capkit` command. The bin is `dist/bin.mjs`; this entry exposes the same program
 * for embedding (`runCli`) and the exit-code table for scripts that call it.
 * @packageDocumentation
 */
export { runCli, type RunCliOptions } from './runCli.js';
export { createProgram, type RunAction } from './createProgram.js';
export { EXIT_CODES, EXIT_CODE_HELP, type ExitCode } from './exitCodes.js';
export { reportError, type ErrorReport } from './reportError.js';
export { CliError, usageError } from './CliError.js';
export { parseParams } from './parseParams.js';
export type { CliIO, Output } from './createOutput.js';
export type { CommandContext, GlobalOptions } from './CommandContext.js';
export type { ResumeHint } from './TaskRunError.js';
export { DEMO_BATCH, type DemoTask } from './demo/demoBatch.js';
export { LOG_LEVELS, LOG_VAR, type CliLogger, type LogLevel } from './createCliLogger.js';
