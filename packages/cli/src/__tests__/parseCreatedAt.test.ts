import { describe, expect, it } from 'vitest';
import { CliError } from '../CliError.js';
import { parseCreatedAt } from '../commands/result.js';

describe('parseCreatedAt', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('accepts epoch milliseconds and ISO dates, and defaults to now', () => {
    expect(parseCreatedAt('1748779140000', now)).toBe(1748779140000);
    expect(parseCreatedAt('2025-06-01T11:59:00Z', now)).toBe(now - 60_000);
    expect(parseCreatedAt(undefined, now)).toBe(now);
  });

  it('rejects garbage and dates in the future with a usage error', () => {
    expect(() => parseCreatedAt('soon', now)).toThrow(CliError);
    expect(() => parseCreatedAt('2025-06-02T00:00:00Z', now)).toThrow(/future/);
  });
});
