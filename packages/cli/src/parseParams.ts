import { usageError } from './CliError.js';

/**
 * Turns repeated `--param key=value` into an object. A value that parses as JSON is used as JSON
 * (`isInvisible=true` is a boolean, `metadata={"action":"login"}` an object, `minScore=0.7` a number);
 * anything else stays a string, so URLs and site keys need no quoting. Dotted keys nest:
 * `metadata.action=login` sets `{ metadata: { action: 'login' } }`.
 *
 * @throws a usage error (exit 2) naming the parameter when one has no `=` or an empty key, or a value
 * that opens like a JSON object or array but is malformed (`metadata={"action":`).
 */
export function parseParams(params: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const param of params) {
    const index = param.indexOf('=');
    const key = index > 0 ? param.slice(0, index).trim() : '';
    if (!key) throw usageError(`--param "${param}" must look like key=value`, { field: param.split('=')[0] || param });
    setPath(result, key.split('.'), parseValue(key, param.slice(index + 1)));
  }
  return result;
}

/**
 * JSON when the text is valid JSON, the text itself otherwise. Text that opens like a JSON object or
 * array (`{`, `[`) but does not parse is refused rather than sent as a string: it is a broken object.
 */
function parseValue(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[[{]/.test(text)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw usageError(`--param ${key}: the value looks like JSON but does not parse (${reason})`, {
        field: key,
        code: 'CAPKIT_INVALID_JSON',
      });
    }
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '' || head === '__proto__' || head === 'constructor' || head === 'prototype') {
    throw usageError(`--param key "${path.join('.')}" is not a valid field name`, { field: path.join('.') });
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const next =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing)
      ? (existing as Record<string, unknown>)
      : {};
  target[head] = next;
  setPath(next, rest, value);
}
