import { isFiniteNumber } from '../isFiniteNumber.js';
import type { TaskOf, TaskType } from '@capkit/api';
import type { CallbackLink } from '../callbacks/createCallbackLink.js';
import type { CallbackReceiver } from '../callbacks/CallbackReceiver.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import { SavedTaskError } from '../errors/SavedTaskError.js';
import { createTaskMachine, type TaskMachine } from '../machine/taskMachine.js';
import type { TaskMachineInput } from '../machine/taskMachineTypes.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import type { FetchFailureReader } from '../transport/readFetchFailure.js';
import { createApiCalls, type ApiCallOptions } from './createApiCalls.js';
import type { CallbackMode } from './callbackMode.js';
import { createBalanceBreaker } from './createBalanceBreaker.js';
import { createTaskActors, type TaskActorHooks } from './createTaskActors.js';
import { createTaskHandle } from './createTaskHandle.js';
import { createTaskLimiter } from './createTaskLimiter.js';
import { resolveClientOptions } from './resolveClientOptions.js';
import { parseSavedTask, toMachineInput } from './savedTask.js';
import type { CallOptions, CapSolverClient, ClientOptions, SerializedTask, SolveOptions, TaskHandle } from './types.js';

/**
 * A local id for a task, known before `createTask` is sent: the time and about 52 random bits, unique
 * enough for a store (and the same in every runtime: `crypto.randomUUID` needs a secure context).
 */
const newKey = (): string => `task-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** What differs between the runtimes a client runs in. */
export interface ClientPlatform {
  /**
   * Reads the runtime's `fetch` rejections: whether one proves that a request never left (then even
   * createTask may be re-sent), and the detail worth putting in the error message.
   */
  readFetchFailure: FetchFailureReader;
  /**
   * Callback mode (`callbackReceiver`), when the runtime can receive callbacks: core's
   * `callbackMode`. Without it a `callbackReceiver` is refused with a `ConfigurationError`, and
   * the callback wiring and its fallback policy stay out of the runtime's bundle (a browser's).
   */
  callbackMode?: CallbackMode | undefined;
}

/** Refuses a receiver the platform cannot serve: a task would wait for callbacks that never come. */
function checkCallbackMode(receiver: CallbackReceiver | false | undefined, mode: CallbackMode | undefined): void {
  if (receiver && !mode) {
    throw new ConfigurationError('callbackReceiver needs a runtime that receives callbacks (@capkit/node).');
  }
}

/**
 * `createClient` for a given platform: for adapters. `@capkit/browser` passes a reader for the
 * browser's opaque `fetch` failures, so that its bundle leaves out Node's socket error codes.
 *
 * @example
 * ```ts
 * const client = createPlatformClient({ apiKey }, { readFetchFailure: () => ({ detail: '', neverSent: false }) });
 * ```
 */
export function createPlatformClient(options: ClientOptions, platform: ClientPlatform): CapSolverClient {
  const client = resolveClientOptions(options ?? {});
  const { callbackMode } = platform;
  checkCallbackMode(client.callbackReceiver, callbackMode);
  // One fallback policy per client: a learning policy learns from all the client's callback tasks.
  const callbackPollPolicy = client.callbackPollPolicy ?? callbackMode?.fallbackPolicy() ?? client.pollPolicy;
  const breaker = createBalanceBreaker({ enabled: client.zeroBalanceBreaker });
  const api = breaker.guard(createApiCalls(client, platform.readFetchFailure));
  const limiter = Number.isFinite(client.maxConcurrentTasks) ? createTaskLimiter(client.maxConcurrentTasks) : undefined;
  const gate = { limiter, breaker };
  // Queued tasks that would create a task fail at once when the balance runs out, not one by one later.
  breaker.onOpen((error) => {
    for (const task of limiter?.queued() ?? []) task.refuse?.(error);
  });
  const onPolicyError = (error: unknown) => client.logger.warn('The poll policy threw; using documented', { error });
  // One machine definition per policy (weakly held: inline policies must not pile up), with actors
  // shared by all its tasks: a task costs its actor, not a machine. Each task's actor finds its
  // hooks here, keyed by the task's own actor.
  const hooks = new WeakMap<object, TaskActorHooks>();
  const actors = createTaskActors(api, hooks);
  const machines = new WeakMap<PollPolicy, TaskMachine>();
  const machineFor = (pollPolicy: PollPolicy = client.pollPolicy): TaskMachine => {
    let machine = machines.get(pollPolicy);
    if (!machine) {
      const runtime = { now: client.now, pollPolicy, onPolicyError, limits: client.limits };
      machine = createTaskMachine(runtime).provide({ actors });
      machines.set(pollPolicy, machine);
    }
    return machine;
  };

  const launch = <TT extends TaskType>(
    key: string,
    input: TaskMachineInput,
    solveOptions: SolveOptions = {},
  ): TaskHandle<TT> => {
    const callback = linkCallback(input, solveOptions);
    const pollPolicy = solveOptions.pollPolicy ?? (callback ? callbackPollPolicy : client.pollPolicy);
    return createTaskHandle<TT>({
      key,
      input: { ...input, callbackToken: callback?.token },
      machine: machineFor(pollPolicy),
      hooks,
      client,
      solveOptions: { ...solveOptions, pollPolicy },
      callback,
      gate,
    });
  };

  // Callback mode: a task created here gets a new URL; a saved task that had one listens on it again.
  const linkCallback = (input: TaskMachineInput, solveOptions: SolveOptions): CallbackLink | undefined => {
    checkCallbackMode(solveOptions.callbackReceiver, callbackMode);
    const receiver =
      solveOptions.callbackReceiver === false ? undefined : (solveOptions.callbackReceiver ?? client.callbackReceiver);
    const created = input.taskId === undefined && !input.resumed;
    if (!receiver || !callbackMode) return undefined;
    if (!(created || (input.taskId !== undefined && input.callbackToken !== undefined))) return undefined;
    const policy = solveOptions.pollPolicy ?? callbackPollPolicy;
    return callbackMode.link(receiver, input.callbackToken, policy);
  };

  const start = <TT extends TaskType>(task: TaskOf<TT>, solveOptions?: SolveOptions): TaskHandle<TT> => {
    if (typeof task?.type !== 'string') throw new ConfigurationError('solve()/start() need a task with a type.');
    return launch<TT>(newKey(), { task }, solveOptions);
  };

  const resume = <TT extends TaskType = TaskType>(
    serialized: SerializedTask,
    solveOptions?: SolveOptions,
  ): TaskHandle<TT> => {
    // Validated on read: a record with a string createdAt or negative queries would break the limits.
    const record = parseSavedTask(serialized);
    return launch<TT>(record.key, toMachineInput(record), solveOptions);
  };

  // A single call takes only the public options: the budget and deadline parameters are the task machine's.
  const callOptions = (given: CallOptions | undefined): ApiCallOptions => ({
    signal: given?.signal,
    timeoutMs: given?.timeoutMs,
  });
  return {
    createTask: (task, given) => api.createTask(task, callOptions(given)),
    getTaskResult: (taskId, given) => api.getTaskResult(taskId, callOptions(given)),
    getBalance: (given) => api.getBalance(callOptions(given)),
    getToken: (task, given) => api.getToken(task, callOptions(given)),
    feedback: (taskId, result, given) => api.feedbackTask(taskId, result, callOptions(given)),
    solve: (task, solveOptions) => start(task, solveOptions).result,
    start,
    resume,
    async resumePending(from, solveOptions) {
      const store = from ?? solveOptions?.store ?? client.store;
      if (!store) throw new ConfigurationError('resumePending() needs a TaskStore.');
      // Each task stays in the store it came from (its progress is saved there, and it is removed once done).
      // A record that fails validation is skipped with a warning naming its field; the others resume.
      const handles: TaskHandle[] = [];
      for (const record of await store.list()) {
        try {
          handles.push(resume(record, { ...solveOptions, store }));
        } catch (error) {
          if (!(error instanceof SavedTaskError)) throw error;
          client.logger.warn('resumePending() skipped a saved task it cannot resume', { error });
        }
      }
      return handles;
    },
    waitForResult(taskId, waitOptions) {
      if (typeof taskId !== 'string' || !taskId || !isFiniteNumber(waitOptions?.createdAt)) {
        throw new ConfigurationError('waitForResult() needs a taskId and createdAt (epoch ms).');
      }
      const { createdAt, queriesUsed = 0, type, ...solveOptions } = waitOptions;
      return launch(newKey(), { taskId, createdAt, queries: queriesUsed, taskType: type }, solveOptions);
    },
  };
}
