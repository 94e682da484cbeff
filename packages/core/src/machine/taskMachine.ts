import { assign, createMachine, type DoneActorEvent, type ErrorActorEvent, type PromiseActorLogic } from 'xstate';
import { lastQueryAt, resolveLimits } from '../limits.js';
import { describeLimits, type LimitDescriptions } from './describeLimits.js';
import { fromAbortablePromise } from './fromAbortablePromise.js';
import { planNextPoll, resumeNextPoll } from './planNextPoll.js';
import {
  abortedError,
  budgetExhaustedError,
  expiredError,
  interruptedCreateError,
  isTransientQueryFailure,
  taskError,
  taskFailedError,
  waitAfterFailure,
} from './taskErrors.js';
import type {
  CreateTaskInput,
  CreateTaskOutput,
  GetTaskResultInput,
  GetTaskResultOutput,
  TaskContext,
  TaskEvent,
  TaskMachineInput,
} from './taskMachineTypes.js';
import { defaultTaskRuntime, type TaskRuntime } from './taskRuntime.js';

/** How the actors' done/error events are read inside guards and actions. */
const output = <T = GetTaskResultOutput>(event: unknown): T => (event as DoneActorEvent<T>).output;
const actorError = (event: unknown): unknown => (event as ErrorActorEvent).error;

/** The placeholder of both actors: the real ones come from the client (or a test) through `.provide({ actors })`. */
const notProvided = fromAbortablePromise<never, unknown>(async () => {
  throw new Error('Provide the actors: taskMachine.provide({ actors })');
});

/** The machine's types (what `setup({ types })` would declare; `createMachine` keeps the bundle smaller). */
interface TaskMachineTypes {
  context: TaskContext;
  events: TaskEvent;
  input: TaskMachineInput;
  actors:
    | { src: 'createTask'; logic: PromiseActorLogic<CreateTaskOutput, CreateTaskInput> }
    | { src: 'getTaskResult'; logic: PromiseActorLogic<GetTaskResultOutput, GetTaskResultInput> };
  guards:
    | { type: 'knownIdle' }
    | { type: 'knownProcessing' }
    | { type: 'wasInterruptedWhileCreating' }
    | { type: 'solvedOnCreate' }
    | { type: 'queryBudgetSpent' }
    | { type: 'lifetimeOver' }
    | { type: 'isProcessing' }
    | { type: 'isReady' }
    | { type: 'isFailed' }
    | { type: 'isTransientFailure' }
    | { type: 'callbackHasResult' };
  delays: 'pollDelay';
  actions:
    | { type: 'stampCreatedAt' }
    | { type: 'recordCreated' }
    | { type: 'recordSolution' }
    | { type: 'recordStatus' }
    | { type: 'recordFailure' }
    | { type: 'countQuery' }
    | { type: 'scheduleNextPoll' }
    | { type: 'resumeSchedule' }
    | { type: 'recordError' }
    | { type: 'failBudgetExhausted' }
    | { type: 'failExpired' }
    | { type: 'failInterruptedCreate' }
    | { type: 'failTaskFailed' }
    | { type: 'recordAbort' }
    | { type: 'recordCallbackResult' };
}

/** The trusted result a `callback.received` event carries, if any. */
const callbackResult = (event: unknown) => (event as Extract<TaskEvent, { type: 'callback.received' }>).result;

/** A callback result the task may end with: `ready`, a solution, and the task's own id. */
function isTrustedResult(context: TaskContext, result: ReturnType<typeof callbackResult>): boolean {
  const { solution } = result ?? {};
  return (
    result?.status === 'ready' &&
    typeof solution === 'object' &&
    solution !== null &&
    context.taskId !== undefined &&
    result.taskId === context.taskId
  );
}

type Args = { context: TaskContext; event: unknown };
/** The context update that ends the task with the error `make` builds (no further poll is due). */
const fail =
  (make: (args: Args) => TaskContext['error']) =>
  (args: Args): Partial<TaskContext> => ({ error: make(args), nextPollAt: undefined });

/** The service statuses that are states of the machine, besides `ready`. */
type PollingStatus = 'idle' | 'processing';

/**
 * The lifecycle states `idle` and `processing` are one poll loop each, named after the status the
 * service last reported: `waiting` until the next query is due, then `querying`. In `idle`, a
 * `processing` answer moves the task on to `processing`. The service's lifecycle never goes back, so
 * in `processing` an `idle` answer is recorded (`lastStatus`) and polled again like a status the
 * client does not know: the task stays where it is.
 *
 * Every way into `querying` goes through `pollNow` (the budget and lifetime checks first): the poll
 * timer, and a callback (`callback.received`), which wakes a waiting task to query at once, or,
 * carrying a trusted `ready` result, ends it there.
 */
function pollLoop(status: PollingStatus, limitTexts: LimitDescriptions) {
  const movesOn =
    status === 'idle'
      ? [
          {
            guard: 'isProcessing',
            target: '#capsolverTask.processing',
            actions: ['recordStatus', 'scheduleNextPoll'],
          } as const,
        ]
      : [];
  const pollNow = [
    {
      guard: 'queryBudgetSpent',
      target: '#capsolverTask.error',
      actions: 'failBudgetExhausted',
      description: limitTexts.budgetSpent,
    },
    {
      guard: 'lifetimeOver',
      target: '#capsolverTask.error',
      actions: 'failExpired',
      description: limitTexts.lifetimeOver,
    },
    { target: 'querying' },
  ] as const;
  return {
    initial: 'waiting',
    states: {
      // Waits until nextPollAt (held in context, not in a timer). The limits are checked when the wait ends.
      waiting: {
        after: { pollDelay: pollNow },
        on: {
          'callback.received': [
            { guard: 'callbackHasResult', target: '#capsolverTask.ready', actions: 'recordCallbackResult' },
            ...pollNow,
          ],
        },
      },
      // getTaskResult is in flight. Every request counts against the budget, retries included.
      querying: {
        entry: 'countQuery',
        on: {
          'query.retried': { actions: 'countQuery' },
        },
        invoke: {
          src: 'getTaskResult',
          input: ({ context, self }: { context: TaskContext; self: GetTaskResultInput['parent'] }) => ({
            taskId: ensured(context.taskId, 'taskId'),
            maxAttempts: 1 + context.limits.maxQueriesPerTask - context.queries,
            notAfter: lastQueryAt(ensured(context.createdAt, 'createdAt'), context.limits),
            parent: self,
          }),
          onDone: [
            { guard: 'isReady', target: '#capsolverTask.ready', actions: ['recordStatus', 'recordSolution'] },
            { guard: 'isFailed', target: '#capsolverTask.error', actions: ['recordStatus', 'failTaskFailed'] },
            ...movesOn,
            // This loop's own status, or one the client does not know: poll again.
            { target: 'waiting', actions: ['recordStatus', 'scheduleNextPoll'] },
          ],
          onError: [
            { guard: 'isTransientFailure', target: 'waiting', actions: ['recordFailure', 'scheduleNextPoll'] },
            { target: '#capsolverTask.error', actions: 'recordError' },
          ],
        },
      },
    },
  } as const;
}

/**
 * Builds the task machine for a runtime (clock, poll policy, limits). {@link taskMachine} is this
 * machine with the real clock, the documented policy and the spec's limits; the client builds one
 * per policy with its own limits.
 */
export function createTaskMachine(runtime: TaskRuntime = defaultTaskRuntime) {
  const { now } = runtime;
  const machineLimits = resolveLimits(runtime.limits);
  const limitTexts = describeLimits(machineLimits);
  return createMachine(
    {
      types: {} as TaskMachineTypes,
      // One CapSolver task, from createTask to a solution or a typed error, within the query budget and lifetime.
      id: 'capsolverTask',
      // The input's fields under the same names; the fields it has no value for start undefined.
      context: ({ input }) =>
        ({
          ...input,
          taskType: input.taskType ?? input.task?.type,
          queries: input.queries ?? 0,
          limits: input.limits ? resolveLimits({ ...machineLimits, ...input.limits }) : machineLimits,
          resumed: input.resumed ?? false,
        }) as TaskContext,
      initial: 'starting',
      on: {
        cancel: { target: '.error', actions: 'recordAbort' },
      },
      states: {
        // A choice, never a resting state: a known task id enters the state of its last known status,
        // a restored record without one ends with TaskMayExistError, anything else is created.
        starting: {
          always: [
            { guard: 'knownIdle', target: 'idle', actions: 'resumeSchedule' },
            { guard: 'knownProcessing', target: 'processing', actions: 'resumeSchedule' },
            { guard: 'wasInterruptedWhileCreating', target: 'error', actions: 'failInterruptedCreate' },
            { target: 'creating' },
          ],
        },
        // createTask is in flight. It is never re-sent once it may have reached the service.
        creating: {
          entry: 'stampCreatedAt',
          invoke: {
            src: 'createTask',
            input: ({ context, self }) => ({ task: ensured(context.task, 'task'), parent: self }),
            onDone: [
              // A recognition task answers inline: ready with zero queries.
              { guard: 'solvedOnCreate', target: 'ready', actions: ['recordCreated', 'recordSolution'] },
              { guard: 'isProcessing', target: 'processing', actions: ['recordCreated', 'scheduleNextPoll'] },
              // `idle`, or no status at all.
              { target: 'idle', actions: ['recordCreated', 'scheduleNextPoll'] },
            ],
            onError: { target: 'error', actions: 'recordError' },
          },
        },
        idle: pollLoop('idle', limitTexts),
        processing: pollLoop('processing', limitTexts),
        // The solution arrived.
        ready: { type: 'final' },
        // The task ended with a typed CapSolverError (context.error).
        error: { type: 'final' },
      },
    },
    {
      actors: {
        createTask: notProvided as unknown as PromiseActorLogic<CreateTaskOutput, CreateTaskInput>,
        getTaskResult: notProvided as unknown as PromiseActorLogic<GetTaskResultOutput, GetTaskResultInput>,
      },
      guards: {
        // A task id is known (resumed, or followed with waitForResult): its last status picks the state.
        knownIdle: ({ context }) => context.taskId !== undefined && context.lastStatus !== 'processing',
        knownProcessing: ({ context }) => context.taskId !== undefined && context.lastStatus === 'processing',
        // Checked after the two above: a restored task reaching it has no task id.
        wasInterruptedWhileCreating: ({ context }) => context.resumed,
        solvedOnCreate: ({ event }) =>
          output<CreateTaskOutput>(event).status === 'ready' && output<CreateTaskOutput>(event).solution !== undefined,
        queryBudgetSpent: ({ context }) => context.queries >= context.limits.maxQueriesPerTask,
        lifetimeOver: ({ context }) =>
          context.nextPollAt === undefined ||
          context.createdAt === undefined ||
          now() > lastQueryAt(context.createdAt, context.limits),
        // createTask's and getTaskResult's outputs both carry the status.
        isProcessing: ({ event }) => output(event).status === 'processing',
        isReady: ({ event }) => output(event).status === 'ready',
        isFailed: ({ event }) => output(event).status === 'failed',
        isTransientFailure: ({ event }) => isTransientQueryFailure(actorError(event)),
        callbackHasResult: ({ context, event }) => isTrustedResult(context, callbackResult(event)),
      },
      delays: {
        // Computed from context, not held in a timer: a restored task waits only what is left.
        pollDelay: ({ context }) => Math.max(0, (context.nextPollAt ?? 0) - now()),
      },
      actions: {
        stampCreatedAt: assign({ createdAt: () => now() }),
        recordCreated: assign(({ event }) => ({
          taskId: output<CreateTaskOutput>(event).taskId,
          lastStatus: output<CreateTaskOutput>(event).status,
        })),
        recordSolution: assign(({ event }) => ({ solution: output(event).solution, nextPollAt: undefined })),
        recordStatus: assign(({ event }) => ({
          lastStatus: output(event).status,
          retryAfterMs: undefined,
          lastFailure: undefined,
        })),
        recordFailure: assign(({ context, event }) => {
          const failure = taskError(actorError(event), context);
          return { lastFailure: failure, retryAfterMs: waitAfterFailure(failure, context.limits) };
        }),
        countQuery: assign({ queries: ({ context }) => context.queries + 1 }),
        scheduleNextPoll: assign({ nextPollAt: ({ context }) => planNextPoll(context, runtime) }),
        resumeSchedule: assign({ nextPollAt: ({ context }) => resumeNextPoll(context, runtime) }),
        recordError: assign(fail(({ context, event }) => taskError(actorError(event), context))),
        failBudgetExhausted: assign(fail(({ context }) => budgetExhaustedError(context))),
        failExpired: assign(fail(({ context }) => expiredError(context))),
        failInterruptedCreate: assign({ error: ({ context }) => interruptedCreateError(context) }),
        failTaskFailed: assign(fail(({ context }) => taskFailedError(context))),
        recordCallbackResult: assign(({ event }) => ({
          lastStatus: 'ready',
          solution: callbackResult(event)?.solution,
          nextPollAt: undefined,
        })),
        recordAbort: assign(
          fail(({ context, event }) => abortedError(context, (event as { reason?: unknown }).reason)),
        ),
      },
    },
  );
}

/** The type of a task machine built by {@link createTaskMachine}. */
export type TaskMachine = ReturnType<typeof createTaskMachine>;

/**
 * The lifecycle of one CapSolver task as an XState v5 machine. Its top-level states are the service's
 * lifecycle: `creating → idle → processing → ready | error` (`idle` may be skipped, and a sync task goes
 * `creating → ready`).
 *
 * - `starting` is a choice, never a resting state: a known task id enters the state of its last known
 *   status; a restored record without one ends with `TaskMayExistError`; anything else is created.
 * - `creating` invokes the `createTask` actor. A sync task (recognition) is `ready` with zero queries;
 *   an answer `processing` enters `processing`, `idle` or no status enters `idle`.
 * - `idle` and `processing` are compound: `waiting` sleeps until `nextPollAt` (the poll policy, clamped
 *   by the limits), `querying` invokes `getTaskResult`. A `processing` answer moves `idle` on to
 *   `processing`; `ready` ends with the solution; `failed` and refusals end with a typed error; unknown
 *   statuses and lost answers poll again where the task is.
 * - The budget (`maxQueriesPerTask`) and lifetime (`taskLifetimeMs`) are read from context, so a task
 *   restored with `taskId`/`createdAt`/`queries` continues with what is left; running out ends it
 *   with `QueryBudgetExhaustedError` / `TaskExpiredError`, on transitions described with the machine's
 *   limits ("120 queries spent", "5-minute lifetime over").
 * - `cancel` ends it at once with `AbortedError`, aborting the in-flight request.
 *
 * The two actors are placeholders; provide real or fake ones:
 *
 * @example
 * ```ts
 * const machine = taskMachine.provide({
 *   actors: {
 *     createTask: fromPromise(async ({ input }) => ({ taskId: 't1', status: 'idle', solution: undefined })),
 *     getTaskResult: fromPromise(async () => ({ status: 'ready', solution: { text: 'ok' } })),
 *   },
 * });
 * const actor = createActor(machine, { input: { task } }).start();
 * ```
 */
export const taskMachine: TaskMachine = /* @__PURE__ */ createTaskMachine();

/**
 * A context field the state's way in guarantees (`creating` has a task, `querying` a task id and
 * `createdAt`); its absence is a bug in the machine, named here rather than sent as `undefined`.
 */
function ensured<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`capkit bug: the task machine has no ${field} in this state.`);
  return value;
}
