import { isCapSolverError, TaskMayExistError } from '@capkit/core';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosProfile } from '../chaosProfile.js';
import { endedCleanly, outcomeOf } from '../outcomeOf.js';
import { runChaosSoak, taskIdOf, type ChaosSoakReport } from '../runChaosSoak.js';
import { suiteSeed } from '../seededRandom.js';
import { maxOf, soakFigures } from '../soakFigures.js';
import { createTrustFigures } from '../trust/trustFigures.js';

const profile = chaosProfile();
/** The key the soak's client sends (the emulator's own). */
const SOAK_KEY = 'CAP-EMULATOR-KEY';

describe(`chaos soak (${profile.name} profile: ${profile.soak.tasks} solves)`, () => {
  let report: ChaosSoakReport;

  beforeAll(async () => {
    report = await runChaosSoak({
      ...profile.soak,
      seed: suiteSeed(7),
      timeScale: 0.02,
      faultRate: 0.15,
      unsolvable: 0.05,
      timeout: 0.03,
    });
    console.log(soakFigures(report));
  }, 600_000);

  // The suite's trust figures (issue 16): created tasks, lost, double-paid, key leaks, limit breaches.
  afterAll(async () => {
    if (!report) return;
    const figures = createTrustFigures('chaosSoak');
    const outcomes = report.solves.map((solve) =>
      solve.result.status === 'fulfilled'
        ? JSON.stringify(solve.result.value)
        : inspect(solve.result.reason, { depth: 8 }),
    );
    figures.add({
      scenario: `chaos soak: ${report.solves.length} solves, ${Math.round(report.options.faultRate * 100)} % faults`,
      tasks: report.stats.tasksCreated,
      lost: report.solves.filter(
        (solve) =>
          solve.tasksCreated > 0 &&
          taskIdOf(solve.result) === undefined &&
          !(solve.result.status === 'rejected' && solve.result.reason instanceof TaskMayExistError),
      ).length,
      doublePaid: report.solves.reduce((sum, solve) => sum + Math.max(0, solve.tasksCreated - 1), 0),
      keyLeaks: outcomes.filter((text) => text.includes(SOAK_KEY)).length,
      queriesOverBudget: report.stats.queriesOverBudget,
      queriesAfterLifetime: report.stats.queriesAfterExpiry,
    });
    console.log(figures.table());
    await figures.write();
  });

  it('injected every fault kind and ran unsolvable and timed-out tasks', () => {
    const missing = Object.entries(report.stats.faultsInjected)
      .filter(([, count]) => count === 0)
      .map(([kind]) => kind);
    expect(missing).toEqual([]);
    const outcomes = new Set(report.stats.tasks.map((task) => task.outcome));
    expect(outcomes).toEqual(new Set(['ready', 'unsolvable', 'timeout']));
  });

  it('ends every solve in a solution or a typed CapSolverError', () => {
    const unclean = report.solves
      .filter((solve) => !endedCleanly(solve.result))
      .map((solve) => outcomeOf(solve.result));
    expect(unclean).toEqual([]);
  });

  it('never sends more than 120 queries for one task', () => {
    expect(maxOf(report.stats.queriesByTask)).toBeLessThanOrEqual(report.stats.limits.maxQueriesPerTask);
    expect(report.stats.queriesOverBudget).toBe(0);
  });

  it('never queries a task after its lifetime', () => {
    expect(report.stats.queriesAfterExpiry).toBe(0);
    // Stricter, and free of transit time: no query left the client after its own last allowed
    // moment. The client counts the lifetime from before createTask, so from the emulator's
    // creation time this bound can only be later than the client's.
    const { createdAtByTask } = report.stats;
    const lastAllowed = report.limits.taskLifetimeMs - report.limits.lifetimeSafetyMarginMs;
    const late = report.requests.filter(
      (request) =>
        request.method === 'getTaskResult' &&
        request.taskId &&
        request.sentAt - (createdAtByTask[request.taskId] ?? Infinity) > lastAllowed,
    );
    expect(late).toEqual([]);
  });

  it('creates at most one task per solve, and every created task belongs to a solve', () => {
    const duplicated = report.solves
      .filter((solve) => solve.tasksCreated > 1)
      .map((solve) => ({ url: solve.websiteURL, creates: solve.creates }));
    expect(duplicated).toEqual([]);
    expect(report.strayCreates).toEqual([]);
    // The per-request trace and the emulator's own count agree, so the trace missed nothing.
    expect(report.solves.reduce((sum, solve) => sum + solve.tasksCreated, 0)).toBe(report.stats.tasksCreated);
  });

  it('never loses a created task: its id is known, or the solve says the task may exist', () => {
    const lost = report.solves.filter((solve) => {
      if (solve.tasksCreated === 0) return false;
      return (
        taskIdOf(solve.result) === undefined &&
        !(solve.result.status === 'rejected' && solve.result.reason instanceof TaskMayExistError)
      );
    });
    expect(lost.map((solve) => ({ url: solve.websiteURL, outcome: outcomeOf(solve.result) }))).toEqual([]);
  });

  it("reports each task's real outcome: solutions only for solved tasks, ids the emulator issued", () => {
    const outcomeById = new Map(report.stats.tasks.map((task) => [task.taskId, task.outcome]));
    const mismatched = report.solves.flatMap((solve) => {
      const taskId = taskIdOf(solve.result);
      if (taskId === undefined) return [];
      const actual = outcomeById.get(taskId);
      const claimed = solve.result.status === 'fulfilled' ? 'ready' : undefined;
      if (actual === undefined) return [{ taskId, problem: 'unknown to the emulator' }];
      if (claimed === 'ready' && actual !== 'ready')
        return [{ taskId, problem: `solution for a task whose outcome is ${actual}` }];
      const reason: unknown = solve.result.status === 'rejected' ? solve.result.reason : undefined;
      if (isCapSolverError(reason) && reason.code === 'ERROR_CAPTCHA_UNSOLVABLE' && actual !== 'unsolvable') {
        return [{ taskId, problem: `unsolvable reported for a task whose outcome is ${actual}` }];
      }
      return [];
    });
    expect(mismatched).toEqual([]);
  });

  it('raises no unhandled rejection or uncaught exception, and the emulator caught no error in itself', () => {
    expect(report.unhandledRejections).toEqual([]);
    expect(report.uncaughtExceptions).toEqual([]);
    expect(report.stats.internalErrors).toEqual([]);
  });

  it('leaves no timer once every solve settled, and no socket once closed', () => {
    expect(report.timersLeftAfterSettle).toEqual({});
    expect(report.resourcesLeftAfterClose).toEqual({});
  });
});
