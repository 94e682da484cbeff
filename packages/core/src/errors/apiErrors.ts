import { CapSolverError } from './CapSolverError.js';

/** The account key was refused (`auth` category, e.g. `ERROR_KEY_DENIED_ACCESS`). Never retryable. */
export class AuthenticationError extends CapSolverError {
  static override readonly kind: string = 'AuthenticationError';
}

/** The balance cannot pay for the task (`balance` category, e.g. `ERROR_ZERO_BALANCE`). */
export class InsufficientBalanceError extends CapSolverError {
  static override readonly kind: string = 'InsufficientBalanceError';
}

/** The task was refused as sent (`invalid-task` category, e.g. `ERROR_INVALID_TASK_DATA`); fix the task. */
export class InvalidTaskError extends CapSolverError {
  static override readonly kind: string = 'InvalidTaskError';
}

/**
 * The captcha was not solved (`unsolvable` category, e.g. `ERROR_CAPTCHA_UNSOLVABLE`, or a
 * `status: "failed"` answer). `retryable` means: a new task may succeed.
 */
export class UnsolvableError extends CapSolverError {
  static override readonly kind: string = 'UnsolvableError';
}

/**
 * The service asked to slow down (`rate-limit` category, e.g. `ERROR_RATE_LIMIT`, an HTTP 429).
 * `retryAfterMs` carries the wait the service asked for, when it sent one.
 */
export class RateLimitError extends CapSolverError {
  static override readonly kind: string = 'RateLimitError';
}

/** The task id is unknown or expired on the service (`not-found` category, `ERROR_TASKID_INVALID`). */
export class TaskNotFoundError extends CapSolverError {
  static override readonly kind: string = 'TaskNotFoundError';
}

/** The service is temporarily unavailable (`service` category, `ERROR_SERVICE_UNAVALIABLE`). */
export class ServiceUnavailableError extends CapSolverError {
  static override readonly kind: string = 'ServiceUnavailableError';
}
