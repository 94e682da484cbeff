import { ConfigurationError } from './errors/clientErrors.js';

/**
 * An option's number, checked: `fallback` when `undefined`, otherwise a finite number >= `min`, or a
 * {@link ConfigurationError} that names the option.
 */
export function checkNumber(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!(value >= min) || !Number.isFinite(value))
    throw new ConfigurationError(`${name} must be a finite number >= ${min}, got ${value}.`);
  return value;
}
