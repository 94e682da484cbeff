import { CapSolverError, type CapSolverErrorOptions } from './CapSolverError.js';

/**
 * The request did not produce a usable answer: a network failure, an HTTP error without the API's
 * envelope, or a malformed body (`NETWORK_ERROR`, `HTTP_ERROR`, `INVALID_RESPONSE`). `status` and
 * `cause` say what was seen.
 */
export class TransportError extends CapSolverError {
  static override readonly kind: string = 'TransportError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'NETWORK_ERROR', retryable: true, ...options });
  }
}

/** The request took longer than the per-request timeout (`TIMEOUT`). */
export class TimeoutError extends TransportError {
  static override readonly kind: string = 'TimeoutError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'TIMEOUT', ...options });
  }
}

/**
 * A task-creating request (`createTask`, `getToken`) may have reached the service, but its answer was
 * lost (a timeout, a connection reset after sending, a malformed answer). The task may exist and be
 * charged; capkit never re-sends it, because that could pay twice (`TASK_MAY_EXIST`).
 */
export class TaskMayExistError extends TransportError {
  static override readonly kind: string = 'TaskMayExistError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'TASK_MAY_EXIST', retryable: false, ...options });
  }
}

/** The task's result lifetime ran out before it was ready; no query is sent after it (`TASK_EXPIRED`). */
export class TaskExpiredError extends CapSolverError {
  static override readonly kind: string = 'TaskExpiredError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'TASK_EXPIRED', ...options });
  }
}

/** The task used its whole `getTaskResult` budget without a result (`QUERY_BUDGET_EXHAUSTED`). */
export class QueryBudgetExhaustedError extends CapSolverError {
  static override readonly kind: string = 'QueryBudgetExhaustedError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'QUERY_BUDGET_EXHAUSTED', ...options });
  }
}

/**
 * The caller cancelled (an `AbortSignal`, `handle.cancel()`). `taskId` is kept when the task was
 * created, so the paid task can still be resumed or collected (`ABORTED`).
 */
export class AbortedError extends CapSolverError {
  static override readonly kind: string = 'AbortedError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'ABORTED', ...options });
  }
}

/** The client was configured wrongly (a missing key, an insecure base URL, a bad number) (`CONFIGURATION`). */
export class ConfigurationError extends CapSolverError {
  static override readonly kind: string = 'ConfigurationError';

  constructor(message: string, options?: CapSolverErrorOptions) {
    super(message, { code: 'CONFIGURATION', ...options });
  }
}
