import { canonicalTaskType } from '@capkit/api';
import { checkEnvelope, checkTask, type TaskMethod } from './createSpecValidator.js';
import type { EngineContext } from './engineContext.js';
import type { ApiMethod } from './faults.js';
import { parseForceHint } from './forceHint.js';
import { normalizeRequest } from './normalizeRequest.js';
import type { ForcedOutcome } from './outcomes.js';
import { errorReply, type EngineReply } from './reply.js';

/** A request ready for its method handler, or the answer that refuses it. */
export type PreparedRequest =
  { ok: true; body: Record<string, unknown>; hint: ForcedOutcome | undefined } | { ok: false; reply: EngineReply };

const TASK_METHODS: readonly ApiMethod[] = ['createTask', 'getToken'];
const TASK_ID_METHODS: readonly ApiMethod[] = ['getTaskResult', 'feedbackTask'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isAuthorized(context: EngineContext, key: unknown): boolean {
  const { apiKeys, accept } = context.options;
  const given = typeof key === 'string' && key !== '';
  if (apiKeys === '*') return given || (accept.missingKey && key === undefined);
  return given && apiKeys.includes(key);
}

/** Whether the body carries a task whose type names no current type (served generically on request). */
function hasUnknownTaskType(body: Record<string, unknown>): boolean {
  const { task } = body;
  return isObject(task) && typeof task.type === 'string' && task.type !== '' && !canonicalTaskType(task.type);
}

/** `acceptInvalidEnvelope`: only what the method needs is checked (the task, against the spec, and the task id). */
function validateEssentials(
  method: ApiMethod,
  body: Record<string, unknown>,
  skipTask: boolean,
): EngineReply | undefined {
  if (TASK_METHODS.includes(method)) {
    const task = body.task;
    if (!isObject(task) || typeof task.type !== 'string' || task.type === '') {
      return errorReply('ERROR_INVALID_TASK_DATA', 'task.type is required');
    }
    if (skipTask) return undefined;
    const result = checkTask(task, method as TaskMethod, 'task');
    return result.ok ? undefined : errorReply(result.code, result.message);
  }
  if (TASK_ID_METHODS.includes(method) && (typeof body.taskId !== 'string' || body.taskId === '')) {
    return errorReply('ERROR_TASKID_INVALID', 'taskId is required');
  }
  return undefined;
}

/** Validates a normalized body against the spec, relaxed only by the `accept…` switches that are on. */
function validate(context: EngineContext, method: ApiMethod, body: Record<string, unknown>): EngineReply | undefined {
  const { accept } = context.options;
  const generic = accept.unknownTaskTypes && TASK_METHODS.includes(method) && hasUnknownTaskType(body);
  if (accept.invalidEnvelope) return validateEssentials(method, body, generic);
  // The key check already let a keyless request through (acceptMissingKey): judge the rest of it.
  const checked = body.clientKey === undefined ? { ...body, clientKey: 'accepted-without-key' } : body;
  const result = generic ? checkEnvelope(method, checked) : context.validator.validateRequest(method, checked);
  return result.ok ? undefined : errorReply(result.code, result.message);
}

/**
 * Parses, authenticates and validates a request body the way the service does, in that order:
 * not JSON -> ERROR_BAD_REQUEST; bad key -> ERROR_KEY_DENIED_ACCESS (HTTP 401; the key is never
 * echoed); schema violation -> the code the spec's validator names, with the field in the
 * description. Before that the body is read as the service reads it (`normalizeRequest`: nulls
 * absent, keys and type names case-insensitive). Then reads a force hint from the task, if any.
 */
export function prepareRequest(context: EngineContext, method: ApiMethod, raw: string): PreparedRequest {
  const parsed = parse(raw);
  if (!parsed) return { ok: false, reply: errorReply('ERROR_BAD_REQUEST', 'the body must be a JSON object') };
  const body = normalizeRequest(method, parsed, context.options.accept);
  if (!isAuthorized(context, body.clientKey)) return { ok: false, reply: errorReply('ERROR_KEY_DENIED_ACCESS') };

  const refused = validate(context, method, body);
  if (refused) return { ok: false, reply: refused };

  if (!TASK_METHODS.includes(method)) return { ok: true, body, hint: undefined };
  const hint = parseForceHint(body.task as Record<string, unknown>);
  if (hint && !hint.ok)
    return { ok: false, reply: errorReply('ERROR_INVALID_TASK_DATA', `task.${hint.field}: ${hint.message}`) };
  return { ok: true, body, hint: hint?.force };
}
