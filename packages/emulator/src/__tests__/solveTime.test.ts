import { LIMITS } from '@capkit/api';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { drawSolveTime, fixed, logNormal, perType, uniform } from '../solveTime.js';

const draws = (
  distribution: Parameters<typeof drawSolveTime>[0],
  type = 'AntiTurnstileTaskProxyLess',
  count = 2000,
) => {
  const random = createRandom(5, 'solveTime');
  return Array.from({ length: count }, () => drawSolveTime(distribution, type, random));
};

describe('solve time distributions', () => {
  it('defaults uniform() to the documented solve window from LIMITS', () => {
    expect(uniform()).toEqual({ kind: 'uniform', minMs: LIMITS.solveTimeMinMs, maxMs: LIMITS.solveTimeMaxMs });
    const values = draws(uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(LIMITS.solveTimeMinMs);
    expect(Math.max(...values)).toBeLessThanOrEqual(LIMITS.solveTimeMaxMs);
    // Spread over the window, not bunched at one end.
    expect(Math.min(...values)).toBeLessThan(3000);
    expect(Math.max(...values)).toBeGreaterThan(28_000);
  });

  it('orders swapped uniform bounds', () => {
    expect(uniform(500, 100)).toEqual({ kind: 'uniform', minMs: 100, maxMs: 500 });
  });

  it('centres logNormal on its median and clamps it', () => {
    const values = draws(logNormal({ medianMs: 5000, sigma: 0.8, minMs: 2000, maxMs: 20_000 })).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(4500);
    expect(median).toBeLessThan(5500);
    expect(values[0]).toBe(2000);
    expect(values.at(-1)).toBe(20_000);
  });

  it('defaults the logNormal clamp to the minimum solve time and the server timeout', () => {
    expect(logNormal({ medianMs: 4000, sigma: 1 })).toMatchObject({
      minMs: LIMITS.solveTimeMinMs,
      maxMs: LIMITS.serverSolveTimeoutMs,
    });
  });

  it('picks the distribution of the task type, else the fallback', () => {
    const mixture = perType({ ImageToTextTask: fixed(10) }, fixed(99));
    expect(new Set(draws(mixture, 'ImageToTextTask', 20))).toEqual(new Set([10]));
    expect(new Set(draws(mixture, 'GeeTestTaskProxyLess', 20))).toEqual(new Set([99]));
  });

  it('never returns a negative fixed time', () => {
    expect(draws(fixed(-5), undefined, 1)).toEqual([0]);
  });
});
