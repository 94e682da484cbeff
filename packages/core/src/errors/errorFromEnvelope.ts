import type { ErrorCategory } from '@capkit/api';
import type { Redactor } from '../redact.js';
import { readTaskId } from '../transport/readAnswer.js';
import {
  AuthenticationError,
  InsufficientBalanceError,
  InvalidTaskError,
  RateLimitError,
  ServiceUnavailableError,
  TaskNotFoundError,
  UnsolvableError,
} from './apiErrors.js';
import { CapSolverError, type CapSolverErrorOptions } from './CapSolverError.js';
import { errorCodeInfo, isRetryableRefusal } from './retryRules.js';

type ErrorClass = new (message: string, options?: CapSolverErrorOptions) => CapSolverError;

/** The error class of each category of the spec's error catalogue. */
export const ERROR_CLASS_BY_CATEGORY = {
  auth: AuthenticationError,
  balance: InsufficientBalanceError,
  'invalid-task': InvalidTaskError,
  unsolvable: UnsolvableError,
  'rate-limit': RateLimitError,
  'not-found': TaskNotFoundError,
  service: ServiceUnavailableError,
} as const satisfies Record<ErrorCategory, ErrorClass>;

/** The error envelope fields every answer carries. */
export interface ErrorEnvelope {
  errorId: number;
  errorCode?: string | undefined;
  errorDescription?: string | undefined;
  taskId?: string | undefined;
}

/** What else is known about a refused request. */
export interface ErrorEnvelopeContext {
  status?: number | undefined;
  taskId?: string | undefined;
  retryAfterMs?: number | undefined;
  redactor: Redactor;
}

/**
 * Turns an error envelope (`errorId > 0`) into the typed error of its category, as the spec's
 * catalogue (`ERROR_CODES[code].category` and `.retryable`) says. Undocumented codes keep their code
 * and get the class their HTTP status suggests, or the base {@link CapSolverError}.
 */
export function errorFromEnvelope(envelope: ErrorEnvelope, context: ErrorEnvelopeContext): CapSolverError {
  const { status } = context;
  // All the service sent is redacted, and the task id too: a caller may pass the key where a task id
  // goes (`getTaskResult(apiKey)`). The message, made of redacted parts, needs no second pass.
  const fields = context.redactor.value({ ...envelope, taskId: context.taskId ?? envelope.taskId });
  const code = fields.errorCode || 'UNKNOWN_ERROR';
  const info = errorCodeInfo(code);
  // For an undocumented code, the HTTP status is the only hint left about what went wrong.
  const category: ErrorCategory | undefined = info?.category ?? categoryOfStatus(status);
  const ErrorType: ErrorClass = category ? ERROR_CLASS_BY_CATEGORY[category] : CapSolverError;
  const description = fields.errorDescription || undefined;
  const taskId = readTaskId(fields.taskId);
  const message = `${code}: ${description ?? 'the service refused the request'}${taskId ? ` (task ${taskId})` : ''}`;
  return new ErrorType(message, {
    code,
    description,
    taskId,
    status,
    retryable: isRetryableRefusal(code, category),
    retryAfterMs: context.retryAfterMs,
  });
}

/** The category an HTTP status suggests, for codes the catalogue does not know. */
function categoryOfStatus(status: number | undefined): ErrorCategory | undefined {
  if (status === undefined) return undefined;
  if (status === 401) return 'auth';
  if (status === 429) return 'rate-limit';
  return status >= 500 ? 'service' : undefined;
}
