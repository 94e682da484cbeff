import { TASK_TYPES, type ErrorCode } from '@capkit/api';
import type { ApiMethod } from './faults.js';
import { describeError, getSpecModel, primaryError } from './specModel.js';

/** The methods whose body carries a `task`. */
export type TaskMethod = 'createTask' | 'getToken';

/** Result of checking a task: ok, or the error code the service would answer and the offending field. */
export type TaskValidation =
  | { ok: true }
  | { ok: false; code: 'ERROR_TASK_NOT_SUPPORTED' | 'ERROR_INVALID_TASK_DATA'; field: string; message: string };

/** Result of checking a request body: ok, or the error code, field (relative to the body) and message. */
export type RequestValidation = { ok: true } | { ok: false; code: ErrorCode; field: string; message: string };

/** Result of checking a response against the spec; `errors` lists every problem ajv found. */
export type ResponseValidation = { ok: true } | { ok: false; message: string; errors: string[] };

/** Validators compiled from `@capkit/api/openapi.json` with ajv (JSON Schema 2020-12). */
export interface SpecValidator {
  /**
   * Checks a task the way the service does: an unknown `type` is ERROR_TASK_NOT_SUPPORTED (also a
   * type `getToken` does not accept, with `{ method: 'getToken' }`); a missing or wrong field is
   * ERROR_INVALID_TASK_DATA naming the field, relative to the task (`websiteURL`, `metadata.action`).
   */
  validateTask(task: unknown, options?: { method?: TaskMethod }): TaskValidation;
  /** Checks a whole request body of `method` (fields relative to the body: `task.websiteURL`, `taskId`). */
  validateRequest(method: ApiMethod, body: unknown): RequestValidation;
  /** Checks a parsed response body against the schema the spec declares for `method` and `status`. */
  validateResponse(method: ApiMethod, status: number, body: unknown): ResponseValidation;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a task, naming fields under `base` (`''` for the task itself, `'task'` inside a request body).
 * Internal: the engine uses it directly when it checks only the task (`acceptInvalidEnvelope`).
 */
export function checkTask(task: unknown, method: TaskMethod, base: string): TaskValidation {
  const model = getSpecModel();
  const path = (field: string) => (base ? `${base}.${field}` : field);
  if (!isObject(task)) {
    return {
      ok: false,
      code: 'ERROR_INVALID_TASK_DATA',
      field: base || 'task',
      message: `${base || 'task'} must be an object`,
    };
  }
  const { type } = task;
  if (typeof type !== 'string' || type === '') {
    return { ok: false, code: 'ERROR_INVALID_TASK_DATA', field: path('type'), message: `${path('type')} is required` };
  }
  const pointer = model.taskPointer(method, type);
  if (pointer === undefined) {
    const where = Object.hasOwn(TASK_TYPES, type) ? ` by ${method}` : '';
    return {
      ok: false,
      code: 'ERROR_TASK_NOT_SUPPORTED',
      field: path('type'),
      message: `task type ${type} is not supported${where}`,
    };
  }
  const validate = model.validator(pointer);
  if (validate(task)) return { ok: true };
  const errors = validate.errors ?? [];
  const error = primaryError(errors);
  if (!error)
    return { ok: false, code: 'ERROR_INVALID_TASK_DATA', field: base || 'task', message: 'the task is invalid' };
  return { ok: false, code: 'ERROR_INVALID_TASK_DATA', ...describeError(error, base, errors) };
}

/** The error code a bad non-task field gets (the service has no finer code for these). */
function codeForField(method: ApiMethod, field: string): ErrorCode {
  if (field === 'clientKey') return 'ERROR_KEY_DENIED_ACCESS';
  if (field === 'taskId') return 'ERROR_TASKID_INVALID';
  return method === 'createTask' || method === 'getToken' ? 'ERROR_INVALID_TASK_DATA' : 'ERROR_BAD_REQUEST';
}

/**
 * Checks the envelope of a request body (every field but the task's own content, which `checkTask`
 * judges). Internal: the engine uses it alone for task types it serves without a schema.
 */
export function checkEnvelope(method: ApiMethod, body: Record<string, unknown>): RequestValidation {
  const model = getSpecModel();
  const validate = model.validator(model.requestPointer(method));
  if (validate(body)) return { ok: true };
  // The task is judged by checkTask, so errors under /task are only the union's echo of it.
  const underTask = (path: string) => path === '/task' || path.startsWith('/task/');
  const errors = (validate.errors ?? []).filter((error) => !underTask(error.instancePath));
  const error = primaryError(errors);
  if (!error) return { ok: true };
  const { field, message } = describeError(error, '', errors);
  return { ok: false, code: codeForField(method, field.split(/[.[]/)[0] ?? field), field, message };
}

function validateRequest(method: ApiMethod, body: unknown): RequestValidation {
  if (!isObject(body))
    return { ok: false, code: 'ERROR_BAD_REQUEST', field: '(body)', message: 'the body must be a JSON object' };
  if ((method === 'createTask' || method === 'getToken') && 'task' in body) {
    const task = checkTask(body.task, method, 'task');
    if (!task.ok) return task;
  }
  return checkEnvelope(method, body);
}

function validateResponse(method: ApiMethod, status: number, body: unknown): ResponseValidation {
  const model = getSpecModel();
  const pointer = model.responsePointer(method, status);
  if (pointer === undefined) {
    const message = `HTTP ${status} has no JSON schema for ${method} in the spec`;
    return { ok: false, message, errors: [message] };
  }
  const validate = model.validator(pointer);
  if (validate(body)) return { ok: true };
  const errors = (validate.errors ?? []).map((error) =>
    `${error.instancePath || '(body)'} ${error.message ?? ''}`.trim(),
  );
  return { ok: false, message: `${method} ${status}: ${errors[0] ?? 'invalid'}`, errors };
}

/**
 * Creates validators from the spec shipped in `@capkit/api/openapi.json`. Nothing is restated here:
 * the task types, their required fields and the response shapes all come from the spec, so a spec
 * change is a validator change. The compiled schemas are shared by every validator in the process.
 *
 * @example
 * const { validateTask } = createSpecValidator();
 * const result = validateTask({ type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com' });
 * // { ok: false, code: 'ERROR_INVALID_TASK_DATA', field: 'websiteKey', message: 'websiteKey is required' }
 */
export function createSpecValidator(): SpecValidator {
  return {
    validateTask: (task, options) => checkTask(task, options?.method ?? 'createTask', ''),
    validateRequest,
    validateResponse,
  };
}
