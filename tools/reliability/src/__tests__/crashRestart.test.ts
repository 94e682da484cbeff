import { createClient as createCoreClient, createMemoryStore, fixed } from '@capkit/core';
import { startEmulator, type EmulatorStats } from '@capkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosProfile } from '../chaosProfile.js';
import { crashTask, workerClientOptions } from '../crash/crashProtocol.js';
import { createSlowStore } from '../createSlowStore.js';
import { formatTable } from '../formatTable.js';
import { crashFigures } from '../crash/crashFigures.js';
import { runCrashRun, type CrashRunResult, type CrashedSolve } from '../crash/runCrashRun.js';
import { runPool } from '../runPool.js';
import { seededRandom, suiteSeed } from '../seededRandom.js';
import { maxOf } from '../soakFigures.js';
import { startTracingEmulator, type TracingEmulator } from '../startTracingEmulator.js';

const profile = chaosProfile();
const TIME_SCALE = 0.02;

describe(`crash and restart (${profile.name} profile: ${profile.crash.runs} SIGKILLs)`, () => {
  let emulator: TracingEmulator;
  let runs: CrashRunResult[];
  let solves: CrashedSolve[];
  let stats: EmulatorStats;

  beforeAll(async () => {
    const seed = suiteSeed(31);
    emulator = await startTracingEmulator({
      seed,
      timeScale: TIME_SCALE,
      // Half the createTask requests wait 200 ms (10 s of service time) before they are processed:
      // a wide "during createTask" window for the kill to land in.
      faultRate: 0.5,
      faultKinds: ['latency'],
      faultMethods: ['createTask'],
      latencyMs: 10_000,
    });
    const random = seededRandom(seed);
    const killPlan = Array.from({ length: profile.crash.runs }, () => random.next());
    // Three runs at a time: each run is two Node processes that mostly wait (start-up, timers).
    const settled = await runPool(profile.crash.runs, 3, (index) =>
      runCrashRun({
        run: `r${index}`,
        tasks: profile.crash.tasksPerRun,
        emulator,
        timeScale: TIME_SCALE,
        random: seededRandom(Math.floor((killPlan[index] ?? 0) * 2 ** 31)),
        killWindowMs: 1_500,
      }),
    );
    runs = settled.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    solves = runs.flatMap((run) => run.solves);
    stats = emulator.stats();
    console.log(crashFigures(runs, stats, seed));
  }, 600_000);

  afterAll(() => emulator?.close());

  it('killed tasks in every phase: before, during and after createTask, and while polling', () => {
    const phases = new Set(solves.map((solve) => solve.phase));
    for (const phase of ['before createTask', 'during createTask', 'after createTask', 'polling'] as const) {
      expect(phases, `no task was killed ${phase}`).toContain(phase);
    }
  });

  it('restarts cleanly every time', () => {
    expect(
      runs.filter((run) => run.restartExitCode !== 0).map((run) => ({ run: run.run, stderr: run.restartStderr })),
    ).toEqual([]);
  });

  it('never sends createTask twice for one task, nor again after the restart', () => {
    const twice = solves.filter((solve) => solve.creates.filter((create) => create.processed).length > 1);
    expect(twice.map((solve) => solve.url)).toEqual([]);
    expect(solves.filter((solve) => solve.createsAfterRestart > 0).map((solve) => solve.url)).toEqual([]);
  });

  it('finishes every task whose createTask reached the emulator: a solution or a typed error', () => {
    const created = solves.filter((solve) => solve.creates.some((create) => create.processed));
    // A task that reached its final state in the first process is finished even if the kill came
    // before the worker printed its outcome.
    const unfinished = created.filter(
      (solve) =>
        (solve.settled === undefined && solve.phase !== 'finished') || solve.settled?.outcome.startsWith('UNTYPED'),
    );
    expect(unfinished.map((solve) => ({ url: solve.url, phase: solve.phase, stored: solve.stored }))).toEqual([]);
  });

  it('resumes every task whose id was stored, and reports the ones killed during createTask as TaskMayExistError', () => {
    const resumedWithId = solves.filter((solve) => solve.stored?.taskId !== undefined);
    const notFollowed = resumedWithId.filter(
      (solve) => solve.settledBy !== 'restart' || solve.settled?.outcome === 'TaskMayExistError',
    );
    expect(notFollowed.map((solve) => solve.url)).toEqual([]);
    const interruptedCreates = solves.filter(
      (solve) => solve.stored !== undefined && solve.stored.taskId === undefined,
    );
    const misreported = interruptedCreates.filter((solve) => solve.settled?.outcome !== 'TaskMayExistError');
    expect(misreported.map((solve) => ({ url: solve.url, outcome: solve.settled?.outcome }))).toEqual([]);
  });

  it('keeps every task within 120 queries in total over both processes, and within its lifetime', () => {
    expect(maxOf(stats.queriesByTask)).toBeLessThanOrEqual(stats.limits.maxQueriesPerTask);
    expect(stats.queriesOverBudget).toBe(0);
    expect(stats.queriesAfterExpiry).toBe(0);
    expect(stats.internalErrors).toEqual([]);
  });
});

describe('crash with store writes still on their way (in process)', () => {
  it('never lets the persisted query count fall behind the queries sent, so a restart stays within 120', async () => {
    const emulator = await startEmulator({ seed: 5, timeScale: TIME_SCALE });
    try {
      // A task that never becomes ready, polled densely: it runs into the 120-query budget.
      emulator.control.forceNext({ solveTimeMs: 100_000_000 });
      const options = {
        apiKey: 'CAP-EMULATOR-KEY',
        baseUrl: emulator.url,
        ...workerClientOptions(TIME_SCALE),
        pollPolicy: fixed(10),
      };
      const store = createSlowStore(25);
      const first = createCoreClient({ ...options, store }).start(crashTask('slow-store', 0));
      const taskId = await waitFor(() => first.taskId);
      await waitFor(() => ((emulator.stats().queriesByTask[taskId] ?? 0) >= 30 ? true : undefined));

      // The crash: what has landed in the store is all a restarted process will know.
      const survivors = await store.persisted();
      const queriesSent = emulator.stats().queriesByTask[taskId] ?? 0;
      first.cancel();
      await first.result.catch(() => undefined);

      const [resumed] = await createCoreClient({ ...options, store: createMemoryStore(survivors) }).resumePending();
      await resumed?.result.catch(() => undefined);
      const stats = emulator.stats();
      console.log(
        formatTable(
          'Crash with slow store writes',
          ['figure', 'value'],
          [
            ['queries sent before the crash', queriesSent],
            ['queries in the persisted record', survivors[0]?.queries ?? 0],
            ['queries in total (both clients)', stats.queriesByTask[taskId] ?? 0],
          ],
        ),
      );
      expect(survivors[0]?.queries ?? 0).toBeGreaterThanOrEqual(queriesSent);
      expect(stats.queriesByTask[taskId]).toBeLessThanOrEqual(120);
      expect(stats.queriesOverBudget).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});

/** Polls `read` every 5 ms until it yields a value (at most 10 s). */
async function waitFor<T>(read: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
