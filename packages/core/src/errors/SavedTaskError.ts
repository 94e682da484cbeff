import type { CapSolverErrorOptions } from './CapSolverError.js';
import { ConfigurationError } from './clientErrors.js';

/**
 * A saved task record (a `SerializedTask` from a store, a file, web storage, a queue job) that capkit
 * cannot resume as it is: `field` names what is wrong (`createdAt`, `queries`, `task.type`, …). The
 * message never quotes the record (a task may hold proxy credentials). A `ConfigurationError`
 * (`INVALID_SAVED_TASK`).
 */
export class SavedTaskError extends ConfigurationError {
  static override readonly kind: string = 'SavedTaskError';
  /** The record's field that is wrong (`record` when the record itself is not an object). */
  declare readonly field: string;

  constructor(field: string, problem: string, options?: CapSolverErrorOptions) {
    super(`Saved task record: "${field}" ${problem}`, { code: 'INVALID_SAVED_TASK', ...options });
    Object.assign(this, { field });
  }
}
