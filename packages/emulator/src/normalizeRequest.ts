import { canonicalTaskType } from '@capkit/api';
import type { AcceptSwitches } from './engineContext.js';
import type { ApiMethod } from './faults.js';
import { getSpecModel } from './specModel.js';

/** Other vendors' spellings of the key field (`acceptKeyAliases`); `ClientKey` needs none, see {@link foldKeys}. */
const KEY_ALIASES = ['client_key', 'apiKey', 'api_key', 'key'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `value` without its `null` properties, at every depth of nested objects: an unset option
 * sent as `null` (python3-capsolver's `"callbackUrl": null`) is read as absent, so a required field
 * sent as `null` is reported missing. Arrays are kept as they are.
 */
export function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    out[key] = isObject(field) ? dropNulls(field) : field;
  }
  return out;
}

/**
 * Renames the keys of `value` that match one of `known` case-insensitively to that spelling, as Go's
 * `encoding/json` decodes into a struct (the official Go SDK sends `ClientKey`). An exact match wins:
 * a key already spelled right is never overwritten by another spelling of it.
 */
export function foldKeys(value: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const byLowerCase = new Map(known.map((name) => [name.toLowerCase(), name]));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const name = byLowerCase.get(key.toLowerCase()) ?? key;
    if (name !== key && Object.hasOwn(value, name)) continue;
    if (!Object.hasOwn(out, name)) out[name] = field;
  }
  return out;
}

/** The task with its `type` key folded, its type name made canonical and its known keys folded. */
function normalizeTask(task: Record<string, unknown>): Record<string, unknown> {
  const typed = foldKeys(task, ['type']);
  if (typeof typed.type !== 'string') return typed;
  const type = canonicalTaskType(typed.type);
  if (type === undefined) return typed;
  const model = getSpecModel();
  const pointer = model.taskPointer('createTask', type);
  const folded = pointer === undefined ? typed : foldKeys(typed, model.propertyNames(pointer));
  return { ...folded, type };
}

/**
 * Reads a parsed request body the way the service does before validating it: `null` fields are
 * absent, envelope and task keys match their spec spelling case-insensitively, and the task type
 * name is made canonical (case-insensitive, `TASK_TYPE_ALIASES`), so stats and answers name it as
 * the spec does. The opt-in `accept` switches add other vendors' key spellings and numeric task ids.
 */
export function normalizeRequest(
  method: ApiMethod,
  parsed: Record<string, unknown>,
  accept: AcceptSwitches,
): Record<string, unknown> {
  const model = getSpecModel();
  const body = foldKeys(dropNulls(parsed), model.propertyNames(model.requestPointer(method)));
  if (accept.keyAliases && body.clientKey === undefined) {
    const key = KEY_ALIASES.map((alias) => body[alias]).find((value) => typeof value === 'string');
    if (key !== undefined) body.clientKey = key;
  }
  if (accept.numericTaskIds && typeof body.taskId === 'number') body.taskId = String(body.taskId);
  if (isObject(body.task)) body.task = normalizeTask(body.task);
  return body;
}
