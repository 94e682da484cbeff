/**
 * The one number check of the wire and of saved data: a finite number (not `NaN`, not ±Infinity, and
 * no coercion: `'1'` is not one). A type guard, so callers need no cast.
 */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
