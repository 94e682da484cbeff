import fc from 'fast-check';
import { METHODS } from '@capkit/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../index.js';
import { KEY, call } from './helpers/api.js';
import { ALL_TYPES, exampleTask } from './helpers/tasks.js';

/** Bodies that are almost right: real envelopes and tasks with fields dropped, retyped or added. */
const nearMissBody = fc
  .record({
    type: fc.constantFrom(...ALL_TYPES),
    drop: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    key: fc.constantFrom(KEY, '', 'wrong', undefined),
    taskId: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
  })
  .map(({ type, drop, extra, key, taskId }) => {
    const task: Record<string, unknown> = { ...exampleTask(type), ...extra };
    for (const field of drop) delete task[field];
    return { clientKey: key, task, taskId, result: extra };
  });

describe('robustness', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 6, timeScale: 0.0001 });
  });
  afterAll(() => emulator.close());

  it('answers any JSON or text with a documented response and never fails in itself', async () => {
    const anyBody = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.string(),
      nearMissBody.map((body) => JSON.stringify(body)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), anyBody, async (method, body) => {
        const { status, json } = await call(emulator.url, method, body);
        // The contract check validates the body; here: a JSON envelope and never a 5xx of its own.
        expect(status).toBeLessThan(500);
        expect(json).toHaveProperty('errorId');
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(emulator.stats().internalErrors).toEqual([]);
  });
});
