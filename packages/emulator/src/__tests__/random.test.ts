import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';

describe('createRandom', () => {
  it('replays the same sequence for the same seed and stream', () => {
    const a = createRandom(42, 'solveTime');
    const b = createRandom(42, 'solveTime');
    const first = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('gives different streams of one seed different sequences', () => {
    const solve = createRandom(42, 'solveTime');
    const faults = createRandom(42, 'fault');
    expect(Array.from({ length: 5 }, () => solve.next())).not.toEqual(Array.from({ length: 5 }, () => faults.next()));
  });

  it('gives different seeds different sequences', () => {
    expect(createRandom(1, 'taskId').uuid()).not.toBe(createRandom(2, 'taskId').uuid());
  });

  it('builds RFC 4122 version 4 UUIDs', () => {
    const random = createRandom(7, 'taskId');
    for (let index = 0; index < 50; index++) {
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const random = createRandom(3, 'outcome');
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('draws standard normal deviates (mean about 0, sd about 1)', () => {
    const random = createRandom(11, 'solveTime');
    const draws = Array.from({ length: 4000 }, () => random.normal());
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.1);
  });
});
