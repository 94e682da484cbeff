// Runtime narrowing of wire values (open strings) to the spec's known vocabularies.
import { ERROR_CODES, TASK_STATUSES, TASK_TYPES, type ErrorCode, type TaskType } from './generated/constants.js';
import type { TaskStatus } from './types.js';

/** Whether a wire `errorCode` is one of the documented codes of `ERROR_CODES`. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Whether a string names a current task type of `TASK_TYPES` (exact, case-sensitive). */
export function isTaskType(value: unknown): value is TaskType {
  return typeof value === 'string' && Object.hasOwn(TASK_TYPES, value);
}

/** Whether a wire `status` is one of `TASK_STATUSES`. */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}
