import type { CapSolverErrorOptions } from './CapSolverError.js';
import { TaskMayExistError } from './clientErrors.js';

/**
 * The {@link TaskMayExistError} for a task-creating request whose outcome is unknown: `what`
 * happened, and the request is not sent again (that could pay twice).
 */
export const taskMayExist = (what: string, options: CapSolverErrorOptions): TaskMayExistError =>
  new TaskMayExistError(`The task may exist (and be charged), so it was not re-sent: ${what}`, options);
