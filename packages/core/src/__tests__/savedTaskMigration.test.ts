import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSavedTask } from '../client/savedTask.js';
import type { SerializedTask } from '../client/types.js';
import { migrateSavedState, SAVED_TASK_VERSION } from '../machine/migrateSavedState.js';
import { clientFor, emulator } from './helpers/emulator.js';

/** A record exactly as the release before the lifecycle states wrote it (version 1, state `querying`). */
const storedV1 = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/saved-task-v1.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('saved-task records of version 1 (the earlier state names)', () => {
  it('map their state to the lifecycle state', () => {
    expect(migrateSavedState(1, 'starting', undefined)).toBe('creating');
    expect(migrateSavedState(1, 'creating', undefined)).toBe('creating');
    expect(migrateSavedState(1, 'waiting', 'idle')).toBe('idle');
    expect(migrateSavedState(1, 'querying', undefined)).toBe('idle');
    expect(migrateSavedState(1, 'querying', 'processing')).toBe('processing');
    expect(migrateSavedState(2, 'processing', 'processing')).toBe('processing');
  });

  it('read as the current version, the stored fixture included', () => {
    const record = parseSavedTask(storedV1);
    expect(record).toEqual({ ...storedV1, version: SAVED_TASK_VERSION, state: 'processing' });
    expect(() => parseSavedTask({ ...storedV1, version: 3 })).toThrow(/version/);
  });

  it('resume on the new machine in the state of their last status, and finish without a second createTask', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['processing', 'ready'] });
    const client = clientFor(target);
    const created = await client.createTask(storedV1.task as SerializedTask['task'] & object);
    const old = { ...storedV1, taskId: created.taskId, createdAt: Date.now(), nextPollAt: Date.now() } as unknown;
    const handle = client.resume(old as SerializedTask);
    expect(handle.getSnapshot().state).toBe('processing');
    const result = await handle;
    expect(result.taskId).toBe(created.taskId);
    // The stored count carries on: 4 queries before, 2 now.
    expect(result.queries).toBe(6);
    expect(target.stats().createTaskCalls).toBe(1);
    expect(handle.serialize()).toMatchObject({ version: SAVED_TASK_VERSION, state: 'ready' });
  });
});
