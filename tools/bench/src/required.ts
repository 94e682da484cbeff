/**
 * A value the bench's own bookkeeping guarantees (a started host's URL, an index within its array).
 * A missing one is a bench bug: this throws, naming `what`, instead of measuring with `undefined`.
 */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`bench bug: ${what} is missing.`);
  return value;
}
