import { FAULT_KINDS, fixed as fixedSolveTime } from '@capkit/emulator';
import { LIMITS } from '@capkit/api';
import type { InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../client/createMemoryStore.js';
import type { SerializedTask } from '../client/types.js';
import { CapSolverError } from '../errors/CapSolverError.js';
import { QueryBudgetExhaustedError } from '../errors/clientErrors.js';
import { TaskExpiredError, TaskMayExistError } from '../errors/clientErrors.js';
import { eager } from '../policies/eager.js';
import { fixed } from '../policies/fixed.js';
import { clientFor, emulator, reachableStrings, recaptchaTask } from './helpers/emulator.js';

/**
 * 1 when the task ended on a query that was due, counted and saved, but not sent because the last
 * allowed moment had passed by the time it could leave (the transport's re-check): it is in the
 * task's count, not in the emulator's.
 */
const unsentQuery = (error: unknown): number =>
  error instanceof TaskExpiredError && error.message.includes('was not sent') ? 1 : 0;

describe('integration: the service rules hold over real HTTP', () => {
  it.each([
    ['documented', undefined],
    ['fixed(0)', fixed(0)],
    ['eager', eager()],
  ] as const)(
    'a task that never finishes ends typed, never over budget or past its lifetime (%s)',
    async (_, pollPolicy) => {
      // 300 s of service time in 0.9 s.
      const target = await emulator({ timeScale: 0.003 });
      target.control.forceNext({ statuses: ['processing'] });
      const error = await clientFor(target, pollPolicy ? { pollPolicy } : {})
        .solve(recaptchaTask)
        .catch((reason: unknown) => reason);
      expect([TaskExpiredError, QueryBudgetExhaustedError].some((type) => error instanceof type)).toBe(true);
      const stats = target.stats();
      const [taskId] = Object.keys(stats.queriesByTask);
      expect(error).toMatchObject({ taskId, queries: stats.queriesByTask[taskId!]! + unsentQuery(error) });
      expect(stats.queriesByTask[taskId!]).toBeLessThanOrEqual(LIMITS.maxQueriesPerTask);
      expect(stats.queriesAfterExpiry).toBe(0);
      expect(stats.queriesOverBudget).toBe(0);
    },
  );

  it('spends a small budget spread over the lifetime, and no more', async () => {
    const target = await emulator({ timeScale: 0.003 });
    target.control.forceNext({ statuses: ['processing'] });
    const error = await clientFor(target, { limits: { maxQueriesPerTask: 6 } })
      .solve(recaptchaTask)
      .catch((reason: unknown) => reason);
    expect([TaskExpiredError, QueryBudgetExhaustedError].some((type) => error instanceof type)).toBe(true);
    const [queries] = Object.values(target.stats().queriesByTask);
    expect(error).toMatchObject({ queries: queries! + unsentQuery(error) });
    // Spread out, the budget lasts (nearly) to the end of the lifetime.
    expect(queries).toBeGreaterThanOrEqual(5);
    expect(queries).toBeLessThanOrEqual(6);
    expect(target.stats().queriesOverBudget).toBe(0);
  });
});

describe('integration: createTask over faults', () => {
  it('never re-sends createTask after a reset once it was processed', async () => {
    const target = await emulator();
    target.control.scriptFaults([{ method: 'createTask', kind: 'resetAfter' }]);
    const error = await clientFor(target)
      .solve(recaptchaTask)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TaskMayExistError);
    expect(target.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: 1 });
  });

  it('never re-sends createTask after a malformed answer or a timeout', async () => {
    const target = await emulator();
    target.control.scriptFaults([{ method: 'createTask', kind: 'malformed' }]);
    await expect(clientFor(target).solve(recaptchaTask)).rejects.toBeInstanceOf(TaskMayExistError);
    target.control.scriptFaults([{ method: 'createTask', kind: 'latency', delayMs: 50_000 }]);
    await expect(clientFor(target, { timeoutMs: 100 }).solve(recaptchaTask)).rejects.toBeInstanceOf(TaskMayExistError);
    expect(target.stats().createTaskCalls).toBe(2);
  });

  it('retries createTask after answers that prove nothing was created', async () => {
    const target = await emulator();
    target.control.scriptFaults([
      { method: 'createTask', kind: 'http429' },
      { method: 'createTask', kind: 'serviceUnavailable' },
    ]);
    const result = await clientFor(target).solve(recaptchaTask);
    expect(result.solution.gRecaptchaResponse).toEqual(expect.any(String));
    expect(target.stats()).toMatchObject({ createTaskCalls: 3, tasksCreated: 1 });
  });

  it.each(['http502', 'http503', 'http502Unprocessed'] as const)(
    'never re-sends createTask after a bare %s: a gateway error is no proof that nothing was created',
    async (kind) => {
      const target = await emulator();
      target.control.scriptFaults([{ method: 'createTask', kind }]);
      const error = await clientFor(target)
        .solve(recaptchaTask)
        .catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(TaskMayExistError);
      // http502: processed, then the gateway answered 502 (one task charged, never a second).
      expect(target.stats()).toMatchObject({ createTaskCalls: 1, tasksCreated: kind === 'http502' ? 1 : 0 });
    },
  );

  it('rides out faulty polls and counts every request', async () => {
    const target = await emulator({ solveTime: fixedSolveTime(20_000) });
    target.control.scriptFaults([
      { method: 'getTaskResult', kind: 'html', times: 2 },
      { method: 'getTaskResult', kind: 'http429' },
      { method: 'getTaskResult', kind: 'resetAfter' },
      { method: 'getTaskResult', kind: 'truncated' },
    ]);
    const result = await clientFor(target).solve(recaptchaTask);
    const stats = target.stats();
    expect(result.solution.gRecaptchaResponse).toEqual(expect.any(String));
    // Faults answered before processing are not counted by the emulator; the client counts them all.
    expect(stats.queriesByTask[result.taskId]).toBeLessThanOrEqual(result.queries);
    expect(result.queries).toBeGreaterThanOrEqual(stats.faults.length);
  });
});

describe('integration: random faults on every method', () => {
  it('every solve ends ready or typed, creates at most one task, and never breaks the rules', async () => {
    const target = await emulator({
      solveTime: fixedSolveTime(3_000),
      outcomes: { unsolvable: 0.1 },
      faults: { rate: 0.3, kinds: [...FAULT_KINDS], latencyMs: 1_000 },
    });
    const client = clientFor(target, { timeoutMs: 200 });
    const outcomes: string[] = [];
    for (let solve = 0; solve < 30; solve += 1) {
      const before = target.stats().tasksCreated;
      const outcome = await client.solve(recaptchaTask).then(
        (result) => {
          expect(target.stats().queriesByTask[result.taskId]).toBeLessThanOrEqual(result.queries);
          return 'ready';
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(CapSolverError);
          return (error as CapSolverError).name;
        },
      );
      outcomes.push(outcome);
      expect(target.stats().tasksCreated - before).toBeLessThanOrEqual(1);
    }
    const stats = target.stats();
    expect(stats.queriesAfterExpiry).toBe(0);
    expect(stats.queriesOverBudget).toBe(0);
    expect(stats.internalErrors).toEqual([]);
    expect(Object.values(stats.faultsInjected).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(10);
    expect(outcomes.filter((outcome) => outcome === 'ready').length).toBeGreaterThan(10);
  });
});

describe('integration: the key never leaves', () => {
  it('is absent from errors, logs, store records, snapshots and inspection events', async () => {
    const key = 'CAP-INTEGRATION-SECRET-7f3a9c';
    const target = await emulator({
      apiKeys: [key],
      faults: { rate: 0.4, kinds: ['html', 'malformed', 'http503Json', 'resetAfter'] },
    });
    const logs: unknown[] = [];
    const capture = (message: string, data?: unknown) => logs.push({ message, data });
    const events: InspectionEvent[] = [];
    const records: SerializedTask[] = [];
    const inner = createMemoryStore();
    const store = {
      ...inner,
      save: async (record: SerializedTask) => {
        records.push(structuredClone(record));
        return inner.save(record);
      },
    };
    const client = clientFor(target, {
      apiKey: key,
      logger: { debug: capture, info: capture, warn: capture, error: capture },
      inspect: { next: (event) => events.push(event) },
      store,
    });
    const settled: unknown[] = [];
    const handles = [];
    for (let solve = 0; solve < 8; solve += 1) {
      const handle = client.start(recaptchaTask);
      handles.push(handle);
      settled.push(await handle.result.catch((error: unknown) => error));
    }
    settled.push(
      await clientFor(target, { apiKey: 'CAP-WRONG-KEY' })
        .getBalance()
        .catch((error: unknown) => error),
    );

    expect(logs.length).toBeGreaterThan(0);
    expect(events.some((event) => event.type === '@xstate.snapshot')).toBe(true);
    const everything = [
      ...settled.map((value) => (value instanceof Error ? [value, JSON.stringify(value), String(value)] : value)),
      logs,
      records,
      handles.map((handle) => [handle.serialize(), handle.getSnapshot(), handle.actor.getSnapshot().context]),
      events.map((event) => [
        event.type,
        (event as { event?: unknown }).event,
        (event as { snapshot?: unknown }).snapshot,
      ]),
    ];
    for (const text of reachableStrings(everything)) expect(text).not.toContain(key);
  });
});
