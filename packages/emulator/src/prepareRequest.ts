import { TASK_TYPES } from '@capkit/api';
import { checkTask, type TaskMethod } from './createSpecValidator.js';
import type { EngineContext } from './engineContext.js';
import type { ApiMethod } from './faults.js';
import { parseForceHint } from './forceHint.js';
import type { ForcedOutcome } from './outcomes.js';
import { errorReply, type EngineReply } from './reply.js';

/** A request ready for its method handler, or the answer that refuses it. */
export type PreparedRequest =
  { ok: true; body: Record<string, unknown>; hint: ForcedOutcome | undefined } | { ok: false; reply: EngineReply };

/** Spellings of the key field other vendors' clients (and the official Go SDK) use; lenient mode only. */
const KEY_ALIASES = ['clientKey', 'ClientKey', 'client_key', 'apiKey', 'api_key', 'key'] as const;
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

/** Rewrites other vendors' spellings into CapSolver's (lenient mode). */
function normalizeLenient(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  const key = KEY_ALIASES.map((alias) => body[alias]).find((value) => typeof value === 'string');
  if (key !== undefined) out.clientKey = key;
  if (typeof out.taskId === 'number') out.taskId = String(out.taskId);
  if (isObject(out.task) && typeof out.task.type === 'string') {
    const wanted = out.task.type.toLowerCase();
    const canonical = Object.keys(TASK_TYPES).find((type) => type.toLowerCase() === wanted);
    if (canonical) out.task = { ...out.task, type: canonical };
  }
  return out;
}

function isAuthorized(context: EngineContext, key: unknown): boolean {
  const { apiKeys, lenient } = context.options;
  if (apiKeys === '*') return lenient || (typeof key === 'string' && key !== '');
  return typeof key === 'string' && apiKeys.includes(key);
}

/** Lenient checks: unknown task types pass as generic token tasks; known ones still meet the spec. */
function validateLenient(
  context: EngineContext,
  method: ApiMethod,
  body: Record<string, unknown>,
): EngineReply | undefined {
  if (TASK_METHODS.includes(method)) {
    const task = body.task;
    if (!isObject(task) || typeof task.type !== 'string' || task.type === '') {
      return errorReply('ERROR_INVALID_TASK_DATA', 'task.type is required');
    }
    if (!Object.hasOwn(TASK_TYPES, task.type)) return undefined;
    const result = checkTask(task, method as TaskMethod, 'task');
    return result.ok ? undefined : errorReply(result.code, result.message);
  }
  if (TASK_ID_METHODS.includes(method) && (typeof body.taskId !== 'string' || body.taskId === '')) {
    return errorReply('ERROR_TASKID_INVALID', 'taskId is required');
  }
  return undefined;
}

/**
 * Parses, authenticates and validates a request body the way the service does, in that order:
 * not JSON -> ERROR_BAD_REQUEST; bad key -> ERROR_KEY_DENIED_ACCESS (HTTP 401; the key is never
 * echoed); schema violation -> the code the spec's validator names, with the field in the
 * description. Then reads a force hint from the task, if any.
 */
export function prepareRequest(context: EngineContext, method: ApiMethod, raw: string): PreparedRequest {
  const parsed = parse(raw);
  if (!parsed) return { ok: false, reply: errorReply('ERROR_BAD_REQUEST', 'the body must be a JSON object') };
  const body = context.options.lenient ? normalizeLenient(parsed) : parsed;
  if (!isAuthorized(context, body.clientKey)) return { ok: false, reply: errorReply('ERROR_KEY_DENIED_ACCESS') };

  if (context.options.lenient) {
    const refused = validateLenient(context, method, body);
    if (refused) return { ok: false, reply: refused };
  } else {
    const result = context.validator.validateRequest(method, body);
    if (!result.ok) return { ok: false, reply: errorReply(result.code, result.message) };
  }

  if (!TASK_METHODS.includes(method)) return { ok: true, body, hint: undefined };
  const hint = parseForceHint(body.task as Record<string, unknown>);
  if (hint && !hint.ok)
    return { ok: false, reply: errorReply('ERROR_INVALID_TASK_DATA', `task.${hint.field}: ${hint.message}`) };
  return { ok: true, body, hint: hint?.force };
}
