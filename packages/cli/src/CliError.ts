import type { ExitCode } from './exitCodes.js';

/**
 * An error the CLI raises itself (bad usage, invalid input, a failed check), carrying the exit code and
 * a machine-readable `code` for `--json`. `field` names the offending parameter when there is one.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly category: string;
  readonly field: string | undefined;

  constructor(message: string, options: { exitCode: ExitCode; code: string; category: string; field?: string }) {
    super(message);
    this.exitCode = options.exitCode;
    this.code = options.code;
    this.category = options.category;
    this.field = options.field;
  }
}

/** A usage or input error (exit code 2), optionally naming the field at fault. */
export function usageError(message: string, options: { code?: string; field?: string } = {}): CliError {
  return new CliError(message, {
    exitCode: 2,
    code: options.code ?? 'CAPKIT_USAGE',
    category: 'usage',
    ...(options.field ? { field: options.field } : {}),
  });
}
