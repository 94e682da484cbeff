import { DEFAULT_LIMITS, scaleLimits } from '@capkit/core';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createTaskTracker } from '../createTaskTracker.js';
import { toTaskRecord, type TaskRecord } from '../toTaskRecord.js';
import { toggleMachine } from './fixtures/sampleMachines.js';
import { runTask } from './fixtures/runTask.js';

const collapse = (states: string[]) => states.filter((state, i) => state !== states[i - 1]);

describe('createTaskTracker', () => {
  it('follows a task through its lifecycle: state, queries, budget and status', async () => {
    const seen: TaskRecord[] = [];
    const tracker = createTaskTracker({ machineId: 'capsolverTask', onRecord: (r) => seen.push(r) });
    const { settled } = runTask({
      taskId: 'T-1',
      type: 'ReCaptchaV2TaskProxyLess',
      readyAfter: 3,
      inspect: tracker.inspect,
    });
    await settled;
    expect(collapse(seen.map((r) => r.state.join()))).toEqual([
      'creating',
      'idle.waiting',
      'idle.querying',
      'processing.waiting',
      'processing.querying',
      'processing.waiting',
      'processing.querying',
      'ready',
    ]);
    expect(new Set(seen.map((r) => r.id))).toEqual(new Set(['task-1']));
    const last = tracker.records()[0]!;
    expect(last).toMatchObject({
      id: 'task-1',
      taskId: 'T-1',
      type: 'ReCaptchaV2TaskProxyLess',
      state: ['ready'],
      queries: 3,
      status: 'done',
    });
    expect(last.maxQueries).toBe(DEFAULT_LIMITS.maxQueriesPerTask);
    expect(seen[0]).not.toHaveProperty('taskId');
  });

  it('computes time left from createdAt and the task lifetime, with the given clock', async () => {
    const start = 1_700_000_000_000;
    const tracker = createTaskTracker({ machineId: 'capsolverTask', now: () => start + 1000 });
    const { actor } = runTask({
      taskId: 'T-2',
      type: 'ImageToTextTask',
      hangOnQuery: 1,
      now: () => start,
      inspect: tracker.inspect,
    });
    await expect.poll(() => tracker.records()[0]?.state).toEqual(['idle.querying']);
    expect(tracker.records()[0]?.remainingMs).toBe(scaleLimits(0.01).taskLifetimeMs - 1000);
    actor.stop();
    expect(tracker.records()[0]?.status).toBe('stopped');
  });

  it('forwards nothing but the record fields: no task parameters, solution or secrets', async () => {
    const seen: TaskRecord[] = [];
    const tracker = createTaskTracker({ machineId: 'capsolverTask', onRecord: (r) => seen.push(r) });
    await runTask({ taskId: 'T-3', type: 'ReCaptchaV2TaskProxyLess', inspect: tracker.inspect }).settled;
    const text = JSON.stringify(seen);
    for (const secret of ['SITE-KEY-NOT-FORWARDED', 'example.com', 'SOLUTION-TOKEN'])
      expect(text).not.toContain(secret);
    const fields = ['id', 'taskId', 'type', 'state', 'queries', 'maxQueries', 'remainingMs', 'status', 'updatedAt'];
    // (errorCode too, on failed tasks: this one succeeds)
    for (const record of seen) for (const key of Object.keys(record)) expect(fields).toContain(key);
  });

  it("records a failed task's error code, and only a code-shaped one (never the message)", async () => {
    const tracker = createTaskTracker({ machineId: 'capsolverTask' });
    await runTask({ taskId: 'T-F', type: 'GeeTestTaskProxyLess', outcome: 'failed', inspect: tracker.inspect }).settled;
    expect(tracker.records()[0]).toMatchObject({ state: ['error'], errorCode: 'TASK_FAILED' });
    const snapshot = (code: unknown) => ({
      value: 'error',
      status: 'done',
      context: { error: { code, message: 'x' } },
    });
    expect(toTaskRecord(snapshot('ERROR_ZERO_BALANCE'), { id: 't' }, 0).errorCode).toBe('ERROR_ZERO_BALANCE');
    expect(toTaskRecord(snapshot('key CAI-SECRET leaked'), { id: 't' }, 0)).not.toHaveProperty('errorCode');
    expect(toTaskRecord(snapshot(42), { id: 't' }, 0)).not.toHaveProperty('errorCode');
  });

  it('tracks several tasks at once, each with its own id, and ignores other machines and child actors', async () => {
    const tracker = createTaskTracker({ machineId: 'capsolverTask' });
    const other = createActor(toggleMachine, { inspect: tracker.inspect }).start();
    other.send({ type: 'TOGGLE' });
    await Promise.all([
      runTask({ taskId: 'A', type: 'ReCaptchaV2TaskProxyLess', inspect: tracker.inspect }).settled,
      runTask({ taskId: 'B', type: 'AntiTurnstileTaskProxyLess', outcome: 'failed', inspect: tracker.inspect }).settled,
    ]);
    const records = tracker.records();
    expect(records.map((r) => [r.id, r.taskId, r.state.join(), r.status]).sort()).toEqual([
      ['task-1', 'A', 'ready', 'done'],
      ['task-2', 'B', 'error', 'done'],
    ]);
  });

  it('keeps at most maxFinished finished tasks, dropping the oldest', async () => {
    const removed: string[] = [];
    const tracker = createTaskTracker({
      machineId: 'capsolverTask',
      maxFinished: 1,
      onRemove: (id) => removed.push(id),
    });
    await runTask({ taskId: 'A', type: 'ImageToTextTask', inspect: tracker.inspect }).settled;
    await runTask({ taskId: 'B', type: 'ImageToTextTask', inspect: tracker.inspect }).settled;
    expect(removed).toEqual(['task-1']);
    expect(tracker.records().map((r) => r.taskId)).toEqual(['B']);
  });

  it('replaces a stopped task by its resumed copy (same taskId, new actor)', async () => {
    const removed: string[] = [];
    const tracker = createTaskTracker({ machineId: 'capsolverTask', onRemove: (id) => removed.push(id) });
    const first = runTask({ taskId: 'SAME', type: 'ImageToTextTask', hangOnQuery: 1, inspect: tracker.inspect });
    await expect.poll(() => tracker.records()[0]?.state).toEqual(['idle.querying']);
    first.actor.stop();
    await runTask({ taskId: 'SAME', type: 'ImageToTextTask', inspect: tracker.inspect }).settled;
    expect(removed).toEqual(['task-1']);
    expect(tracker.records().map((r) => [r.id, r.status])).toEqual([['task-2', 'done']]);
  });
});
