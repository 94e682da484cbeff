import { uniformSolveTime } from '@capkit/core';
import { describe, expect, it } from 'vitest';
import { frontierAt, medianFrontier } from '../report/medianFrontier.js';

const options = { horizonMs: 10_000, gapMs: 250, cells: 100 };

describe('medianFrontier', () => {
  it('with one query, the best is to ask at the end: half the tasks wait at most half the window', () => {
    const [point] = medianFrontier([{ weight: 1, distribution: uniformSolveTime(0, 10_000) }], [1], options);
    expect(point!.medianMs).toBeGreaterThan(4_800);
    expect(point!.medianMs).toBeLessThan(5_200);
  });

  it('sees a known solve time at once', () => {
    const [point] = medianFrontier([{ weight: 1, distribution: uniformSolveTime(6_000, 6_000) }], [1], options);
    expect(point!.medianMs).toBeLessThan(150);
  });

  it('gets lower with more queries, and splits the budget between task types', () => {
    const budgets = [1, 2, 4, 8];
    const points = medianFrontier([{ weight: 1, distribution: uniformSolveTime(0, 10_000) }], budgets, options);
    for (let index = 1; index < points.length; index += 1)
      expect(points[index]!.medianMs).toBeLessThan(points[index - 1]!.medianMs);
    // Half the traffic is solved at a known time: one query per task sees that half at once.
    const [mixed] = medianFrontier(
      [
        { weight: 1, distribution: uniformSolveTime(3_000, 3_000) },
        { weight: 1, distribution: uniformSolveTime(0, 10_000) },
      ],
      [1],
      options,
    );
    expect(mixed!.medianMs).toBeLessThan(150);
  });

  it('interpolates between points', () => {
    const points = [
      { queries: 2, medianMs: 1_000 },
      { queries: 4, medianMs: 600 },
    ];
    expect(frontierAt(points, 3)).toBe(800);
    expect(frontierAt(points, 1)).toBeUndefined();
    expect(frontierAt(points, 9)).toBe(600);
  });
});
