import type { TaskType } from '@capkit/api';

/** A request body the proxy refuses, with the field that is wrong. */
export interface BodyProblem {
  status: number;
  code: string;
  description: string;
}

/** What the browser may send in each method's body (besides `clientKey`, which is always overwritten). */
export const BODY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  createTask: ['task'],
  getToken: ['task'],
  getTaskResult: ['taskId'],
  feedbackTask: ['taskId', 'result'],
  getBalance: [],
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fieldProblem = (field: string, why: string): BodyProblem => ({
  status: 400,
  code: 'CAPKIT_PROXY_FIELD_NOT_ALLOWED',
  description: `"${field}" ${why}`,
});

/**
 * Checks a browser's body against the allow-lists: only the method's own fields (so `callbackUrl`,
 * `appId` and any other field the server sets are refused, not forwarded), a task of an allowed type,
 * and only the fields the spec documents for that type (or the ones configured). Names the field.
 */
export function checkProxyBody(
  method: string,
  body: Record<string, unknown>,
  taskTypes: ReadonlySet<string>,
  taskFields: ReadonlyMap<TaskType, ReadonlySet<string>>,
): BodyProblem | undefined {
  const allowed = BODY_FIELDS[method] ?? [];
  for (const field of Object.keys(body)) {
    if (field !== 'clientKey' && !allowed.includes(field)) {
      return fieldProblem(field, 'may not be sent through the proxy (the server sets what it needs)');
    }
  }
  if (!allowed.includes('task')) return undefined;
  const { task } = body;
  if (!isObject(task) || typeof task.type !== 'string') return fieldProblem('task', 'must be an object with a "type"');
  if (!taskTypes.has(task.type)) {
    return {
      status: 400,
      code: 'CAPKIT_PROXY_TASK_TYPE_NOT_ALLOWED',
      description: `Task type "${task.type}" may not be used through this proxy`,
    };
  }
  const fields = taskFields.get(task.type as TaskType);
  for (const field of Object.keys(task)) {
    if (!fields?.has(field)) return fieldProblem(`task.${field}`, `is not an allowed field of ${task.type}`);
  }
  return undefined;
}
