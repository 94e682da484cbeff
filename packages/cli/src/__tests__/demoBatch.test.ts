import { TASK_TYPES } from '@capkit/api';
import { createSpecValidator } from '@capkit/emulator';
import { describe, expect, it } from 'vitest';
import { DEMO_BATCH } from '../demo/demoBatch.js';

describe('DEMO_BATCH', () => {
  it('passes the spec validation the CLI applies to every task', () => {
    const { validateTask } = createSpecValidator();
    for (const { task } of DEMO_BATCH) expect(validateTask(task)).toEqual({ ok: true });
  });

  it('mixes sync and async types and expects at least two failures', () => {
    const modes = new Set(DEMO_BATCH.map(({ task }) => TASK_TYPES[task.type].mode));
    expect(modes).toEqual(new Set(['sync', 'async']));
    expect(DEMO_BATCH.filter((entry) => entry.expect !== 'solved').length).toBeGreaterThanOrEqual(2);
  });
});
