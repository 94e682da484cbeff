import { LIMITS } from '@capkit/api';
import { afterEach, describe, expect, it } from 'vitest';
import { fixed, startEmulator, type Emulator } from '../index.js';
import { apiFor } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('limits', () => {
  let emulator: Emulator | undefined;
  afterEach(() => emulator?.close());

  it(`serves ${LIMITS.maxQueriesPerTask} queries, then answers ERROR_TASKID_INVALID and deletes the result`, async () => {
    emulator = await startEmulator({ seed: 1, solveTime: fixed(0) });
    const api = apiFor(emulator.url);
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    for (let query = 1; query <= LIMITS.maxQueriesPerTask; query++) {
      const { json } = await api.getTaskResult(id);
      expect(json, `query ${query}`).toMatchObject({ errorId: 0, status: 'ready' });
    }
    const over = await api.getTaskResult(id);
    expect(over.json).toMatchObject({ errorId: 1, errorCode: 'ERROR_TASKID_INVALID' });
    // The result is gone for good: the next query fails too, and is also counted.
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    const stats = emulator.stats();
    expect(stats.queriesByTask[id]).toBe(LIMITS.maxQueriesPerTask + 2);
    expect(stats.queriesOverBudget).toBe(2);
    expect(stats.queriesAfterExpiry).toBe(0);
    expect(stats.tasks[0]?.deleted).toBe('budget');
  });

  it('counts queries that see idle/processing against the budget too', async () => {
    emulator = await startEmulator({ seed: 1, solveTime: fixed(LIMITS.taskLifetimeMs) });
    const api = apiFor(emulator.url);
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    for (let query = 1; query <= LIMITS.maxQueriesPerTask; query++) await api.getTaskResult(id);
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    expect(emulator.stats().queriesOverBudget).toBe(1);
  });

  it('answers ERROR_TASKID_INVALID to any query after the (scaled) lifetime and deletes the result', async () => {
    // timeScale 0.002: the 5-minute lifetime is 600 ms, the 1 s solve time 2 ms.
    emulator = await startEmulator({ seed: 1, timeScale: 0.002, solveTime: fixed(1000) });
    const api = apiFor(emulator.url);
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    await sleep(20);
    expect((await api.getTaskResult(id)).json).toMatchObject({ status: 'ready' });
    await sleep(LIMITS.taskLifetimeMs * 0.002);
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorId: 1, errorCode: 'ERROR_TASKID_INVALID' });
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    const stats = emulator.stats();
    expect(stats.queriesAfterExpiry).toBe(2);
    expect(stats.queriesByTask[id]).toBe(3);
    expect(stats.tasks[0]?.deleted).toBe('expired');
  });

  it('expires even a task that never became ready', async () => {
    emulator = await startEmulator({ seed: 1, timeScale: 0.002, solveTime: fixed(LIMITS.taskLifetimeMs * 2) });
    const api = apiFor(emulator.url);
    const id = (await api.createTask(turnstileTask())).json?.taskId as string;
    expect((await api.getTaskResult(id)).json?.status).toMatch(/idle|processing/);
    await sleep(LIMITS.taskLifetimeMs * 0.002 + 20);
    expect((await api.getTaskResult(id)).json).toMatchObject({ errorCode: 'ERROR_TASKID_INVALID' });
    expect(emulator.stats().readyAtByTask[id]).toBeUndefined();
  });

  it('reports the lifetime in service and real ms, and solve times both ways', async () => {
    emulator = await startEmulator({ seed: 1, timeScale: 0.01, solveTime: fixed(12_345) });
    await apiFor(emulator.url).createTask(turnstileTask());
    const stats = emulator.stats();
    expect(stats.limits).toEqual({
      taskLifetimeMs: { service: LIMITS.taskLifetimeMs, real: LIMITS.taskLifetimeMs * 0.01 },
      maxQueriesPerTask: LIMITS.maxQueriesPerTask,
    });
    expect(stats.tasks[0]?.solveTimeMs).toEqual({ service: 12_345, real: 123 });
  });

  it('refuses a timeScale that is not a positive number', async () => {
    await expect(startEmulator({ timeScale: 0 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ timeScale: Number.NaN })).rejects.toThrow(RangeError);
  });
});
