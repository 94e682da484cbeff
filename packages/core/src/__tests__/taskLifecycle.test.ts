import { createActor, type InspectionEvent } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stateOf, type TaskSnapshot } from '../client/taskSnapshot.js';
import { UnsolvableError } from '../errors/apiErrors.js';
import { QueryBudgetExhaustedError, TaskExpiredError } from '../errors/clientErrors.js';
import { scaleLimits } from '../limits.js';
import { describeLimits } from '../machine/describeLimits.js';
import { createTaskMachine, taskMachine } from '../machine/taskMachine.js';
import type { CreateTaskOutput, TaskMachineInput } from '../machine/taskMachineTypes.js';
import { fakeService, runUntilDone, type FakeServiceScript } from './helpers/fakeService.js';

const T0 = 1_700_000_000_000;
const task = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'k' } as const;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs a task over a fake service and records the lifecycle states it walks (from inspection events). */
async function walk(script: FakeServiceScript, input: TaskMachineInput = { task }) {
  const { actors, log } = fakeService(script);
  const machine = createTaskMachine({ now: () => Date.now(), pollPolicy: () => 1_000 }).provide({ actors });
  const events: InspectionEvent[] = [];
  const actor = createActor(machine, { input, inspect: (event) => events.push(event) }).start();
  await runUntilDone(actor);
  expect(vi.getTimerCount()).toBe(0);
  const states: string[] = [];
  for (const event of events) {
    if (event.type !== '@xstate.snapshot' || event.actorRef !== actor) continue;
    const state = stateOf(event.snapshot as TaskSnapshot);
    if (states.at(-1) !== state) states.push(state);
  }
  return { states, log, snapshot: actor.getSnapshot() };
}

const created = (status: string | undefined): (() => CreateTaskOutput) => {
  return () => ({ taskId: 't-1', status, solution: undefined });
};
const ready = { status: 'ready', solution: { token: 'ok' } };

describe('the task lifecycle', () => {
  it('has the lifecycle as its top-level states, and the client steps inside idle and processing', () => {
    expect(Object.keys(taskMachine.root.states)).toEqual([
      'starting',
      'creating',
      'idle',
      'processing',
      'ready',
      'error',
    ]);
    for (const status of ['idle', 'processing']) {
      expect(Object.keys(taskMachine.root.states[status]!.states)).toEqual(['waiting', 'querying']);
    }
    expect(taskMachine.root.states.ready!.type).toBe('final');
    expect(taskMachine.root.states.error!.type).toBe('final');
  });

  it('enters idle when createTask answers idle or no status, processing when it answers processing', async () => {
    for (const [status, first] of [
      ['idle', 'idle'],
      [undefined, 'idle'],
      ['processing', 'processing'],
    ] as const) {
      const { states } = await walk({ create: created(status), poll: () => ready });
      expect(states).toEqual(['creating', first, 'ready']);
    }
  });

  it('goes straight to ready with zero queries when createTask answers the solution (a sync task)', async () => {
    const { states, snapshot, log } = await walk({
      create: () => ({ taskId: 's-1', status: 'ready', solution: { text: 'hi' } }),
    });
    expect(states).toEqual(['creating', 'ready']);
    expect(snapshot.context.queries).toBe(0);
    expect(log.requests).toHaveLength(0);
  });

  it('moves by the status of each answer; an unknown status stays where it is', async () => {
    const statuses = ['idle', 'something-new', 'processing', 'mystery', 'processing'];
    const { states, snapshot } = await walk({
      create: created('idle'),
      poll: (n) => (n < statuses.length ? { status: statuses[n]! } : ready),
    });
    expect(states).toEqual(['creating', 'idle', 'processing', 'ready']);
    expect(snapshot.context.queries).toBe(statuses.length + 1);
  });

  it('never goes back from processing: an idle answer there is recorded and polled again', async () => {
    const { states, snapshot } = await walk({
      create: created('processing'),
      poll: (n) => (n === 0 ? { status: 'idle' } : ready),
    });
    expect(states).toEqual(['creating', 'processing', 'ready']);
    expect(snapshot.context.queries).toBe(2);
  });

  it('ends in error on "failed" and on a refusal, from idle or processing', async () => {
    const failed = await walk({ create: created('idle'), poll: () => ({ status: 'failed' }) });
    expect(failed.states).toEqual(['creating', 'idle', 'error']);
    const refused = await walk({
      create: created('processing'),
      poll: () => ({ error: new UnsolvableError('no', { code: 'ERROR_CAPTCHA_UNSOLVABLE' }) }),
    });
    expect(refused.states).toEqual(['creating', 'processing', 'error']);
    expect(refused.snapshot.context.error).toBeInstanceOf(UnsolvableError);
  });

  it('resumes a task in the state of its last known status', async () => {
    const resumed = (lastStatus: string | undefined): TaskMachineInput => ({
      taskId: 'old',
      createdAt: T0 - 10_000,
      queries: 3,
      lastStatus,
      resumed: true,
    });
    expect((await walk({ poll: () => ready }, resumed('processing'))).states).toEqual(['processing', 'ready']);
    expect((await walk({ poll: () => ready }, resumed('idle'))).states).toEqual(['idle', 'ready']);
    expect((await walk({ poll: () => ready }, resumed(undefined))).states).toEqual(['idle', 'ready']);
  });

  it('ends on the budget and the lifetime from either polling state', async () => {
    const budget = await walk({ create: created('processing') }, { task, limits: { maxQueriesPerTask: 3 } });
    expect(budget.states).toEqual(['creating', 'processing', 'error']);
    expect(budget.snapshot.context.error).toBeInstanceOf(QueryBudgetExhaustedError);
    const lifetime = await walk(
      { create: created('idle'), poll: () => ({ status: 'idle' }) },
      { task, limits: { taskLifetimeMs: 5_000 } },
    );
    expect(lifetime.states).toEqual(['creating', 'idle', 'error']);
    expect(lifetime.snapshot.context.error).toBeInstanceOf(TaskExpiredError);
  });
});

describe('the limits on the machine', () => {
  /** The descriptions of the transitions into error that run out of budget or lifetime. */
  const limitTransitions = (machine: typeof taskMachine) =>
    ['idle', 'processing'].flatMap((status) =>
      [...machine.root.states[status]!.states.waiting!.transitions.values()]
        .flat()
        // The poll timer's branches (a callback takes the same ones, after its own).
        .filter((transition) => transition.eventType.startsWith('xstate.after.') && transition.guard !== undefined)
        .map((transition) => `${String(transition.guard)}: ${transition.description}`),
    );

  it('describes the budget and lifetime transitions with the numbers of the spec', () => {
    expect(limitTransitions(taskMachine)).toEqual([
      'queryBudgetSpent: 120 queries spent',
      'lifetimeOver: 5-minute lifetime over',
      'queryBudgetSpent: 120 queries spent',
      'lifetimeOver: 5-minute lifetime over',
    ]);
  });

  it('names the limits it is built with', () => {
    const machine = createTaskMachine({ now: Date.now, pollPolicy: () => 0, limits: scaleLimits(0.01) });
    expect(limitTransitions(machine)).toContain('lifetimeOver: 3-second lifetime over');
    expect(
      limitTransitions(createTaskMachine({ now: Date.now, pollPolicy: () => 0, limits: { maxQueriesPerTask: 1 } })),
    ).toContain('queryBudgetSpent: 1 query spent');
    expect(describeLimits({ maxQueriesPerTask: 7, taskLifetimeMs: 1_500 })).toEqual({
      budget: '7 queries',
      lifetime: '1500 ms lifetime',
      budgetSpent: '7 queries spent',
      lifetimeOver: '1500 ms lifetime over',
    });
  });

  it('gives its tasks the limits it is built with, unless the input overrides them', () => {
    const machine = createTaskMachine({ now: Date.now, pollPolicy: () => 0, limits: { maxQueriesPerTask: 9 } });
    const own = createActor(machine, { input: { taskId: 'x', createdAt: T0 } });
    expect(own.getSnapshot().context.limits.maxQueriesPerTask).toBe(9);
    const overridden = createActor(machine, {
      input: { taskId: 'x', createdAt: T0, limits: { taskLifetimeMs: 60_000 } },
    });
    expect(overridden.getSnapshot().context.limits).toMatchObject({ maxQueriesPerTask: 9, taskLifetimeMs: 60_000 });
  });
});
