import { TASK_TYPE_ALIASES, TASK_TYPES, type TaskType } from './generated/constants.js';

/** Every canonical type name and every alias, lower-cased, mapped to its canonical `TaskType`. */
let byLowerCase: ReadonlyMap<string, TaskType> | undefined;

function lookupTable(): ReadonlyMap<string, TaskType> {
  if (byLowerCase) return byLowerCase;
  const table = new Map<string, TaskType>();
  for (const type of Object.keys(TASK_TYPES) as TaskType[]) table.set(type.toLowerCase(), type);
  for (const [alias, type] of Object.entries(TASK_TYPE_ALIASES)) table.set(alias.toLowerCase(), type);
  byLowerCase = table;
  return table;
}

/**
 * The canonical `TaskType` a wire type name means, the way the service reads it: case-insensitively,
 * and by the spellings the docs and clients use (`TASK_TYPE_ALIASES`). `undefined` for a name that
 * names no current type.
 *
 * @example
 * canonicalTaskType('GeetestTaskProxyless'); // 'GeeTestTaskProxyLess'
 * canonicalTaskType('datadomeslidertask'); // 'DatadomeSliderTask'
 * canonicalTaskType('HCaptchaTask'); // undefined
 */
export function canonicalTaskType(name: string): TaskType | undefined {
  return lookupTable().get(name.toLowerCase());
}
