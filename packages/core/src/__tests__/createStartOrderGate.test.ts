import { describe, expect, it } from 'vitest';
import { createStartOrderGate } from '../policies/createStartOrderGate.js';

describe('createStartOrderGate', () => {
  it('releases in start order, each once the tasks started before it ended', () => {
    const released: number[] = [];
    const gate = createStartOrderGate(([, ready]) => released.push(ready), 10);
    const [a, b, c] = [gate.start(), gate.start(), gate.start()];
    gate.finish(c, [0, 3]);
    gate.finish(b, [0, 2]);
    expect(released).toEqual([]);
    gate.finish(a, [0, 1]);
    expect(released).toEqual([1, 2, 3]);
    expect(gate.size).toBe(0);
  });

  it('drops what ended without an observation, and ignores a second finish', () => {
    const released: number[] = [];
    const gate = createStartOrderGate(([, ready]) => released.push(ready), 10);
    const [a, b] = [gate.start(), gate.start()];
    gate.finish(b, [0, 2]);
    gate.finish(a);
    gate.finish(a, [0, 1]);
    expect(released).toEqual([2]);
  });

  it('gives up the oldest running task when full, so memory stays bounded', () => {
    const released: number[] = [];
    const gate = createStartOrderGate(([, ready]) => released.push(ready), 2);
    const stuck = gate.start();
    const next = gate.start();
    gate.finish(next, [0, 5]);
    const third = gate.start();
    expect(released).toEqual([5]);
    expect(gate.size).toBe(1);
    gate.finish(stuck, [0, 99]);
    gate.finish(third, [0, 6]);
    expect(released).toEqual([5, 6]);
  });
});
