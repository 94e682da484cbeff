import { ERROR_CODES, isErrorCode } from '@capkit/api';
import {
  AbortedError,
  AuthenticationError,
  CapSolverError,
  ConfigurationError,
  InsufficientBalanceError,
  InvalidTaskError,
  QueryBudgetExhaustedError,
  ServiceUnavailableError,
  TaskExpiredError,
  TransportError,
} from '@capkit/core';
import { CliError } from './CliError.js';
import { EXIT_CODES, type ExitCode } from './exitCodes.js';
import { TaskRunError, type ResumeHint } from './TaskRunError.js';

/** A failure as the CLI reports it: human text, and the fields of the `--json` error document. */
export interface ErrorReport {
  exitCode: ExitCode;
  /** The service code (`ERROR_CAPTCHA_UNSOLVABLE`), a client code (`TIMEOUT`) or a CLI code (`CAPKIT_USAGE`). */
  code: string;
  /** `auth`, `balance`, `invalid-task`, `unsolvable`, `limits`, `transport`, `usage`, … */
  category: string;
  message: string;
  field?: string;
  taskId?: string;
  queries?: number;
  /** How to continue the task when it may still be solving (interrupted, network failure). */
  resume?: ResumeHint;
  /** A transport failure: how long the command waited in all (every attempt and the backoff between them). */
  waitedMs?: number;
  /** The task may exist on the service although its id is unknown (cancelled while createTask was in flight). */
  mayExist?: boolean;
}

/** Maps any thrown value to its exit code and report. The message never contains the key (core redacts). */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof TaskRunError) {
    const report = reportError(error.cause);
    if (error.mayExistNote) return { ...report, message: `${report.message} ${error.mayExistNote}`, mayExist: true };
    return error.resume ? { ...report, resume: error.resume } : report;
  }
  if (error instanceof CliError) {
    return withField(
      { exitCode: error.exitCode, code: error.code, category: error.category, message: error.message },
      error.field,
    );
  }
  if (error instanceof CapSolverError) {
    const [exitCode, category] = classify(error);
    const report: ErrorReport = { exitCode, code: String(error.code), category, message: error.message };
    if (error.taskId !== undefined) report.taskId = error.taskId;
    if (error.queries !== undefined) report.queries = error.queries;
    return report;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_CODES.apiError, code: 'CAPKIT_INTERNAL', category: 'internal', message };
}

function classify(error: CapSolverError): [ExitCode, string] {
  if (error instanceof AbortedError) return [EXIT_CODES.interrupted, 'aborted'];
  if (error instanceof TaskExpiredError || error instanceof QueryBudgetExhaustedError)
    return [EXIT_CODES.limits, 'limits'];
  if (error instanceof AuthenticationError) return [EXIT_CODES.auth, 'auth'];
  if (error instanceof InsufficientBalanceError) return [EXIT_CODES.auth, 'balance'];
  if (error instanceof InvalidTaskError) return [EXIT_CODES.usage, 'invalid-task'];
  if (error instanceof ConfigurationError) return [EXIT_CODES.usage, 'configuration'];
  if (error instanceof TransportError) return [EXIT_CODES.transport, 'transport'];
  if (error instanceof ServiceUnavailableError) return [EXIT_CODES.transport, 'service'];
  return [EXIT_CODES.apiError, isErrorCode(error.code) ? ERROR_CODES[error.code].category : 'api'];
}

function withField(report: ErrorReport, field: string | undefined): ErrorReport {
  return field === undefined ? report : { ...report, field };
}
