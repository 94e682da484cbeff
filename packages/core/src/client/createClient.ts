import type { SolutionFor, Task, TaskType } from '@capkit/api';
import { ConfigurationError } from '../errors/clientErrors.js';
import { createTaskMachine, type TaskMachine } from '../machine/taskMachine.js';
import type { TaskMachineInput } from '../machine/taskMachineTypes.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import { createApiCalls } from './createApiCalls.js';
import { createTaskActors, type TaskActorHooks } from './createTaskActors.js';
import { createTaskHandle } from './createTaskHandle.js';
import { resolveClientOptions } from './resolveClientOptions.js';
import { typeOfSerialized } from './taskSnapshot.js';
import type { CapSolverClient, ClientOptions, SerializedTask, SolveOptions, TaskHandle, TaskStore } from './types.js';

/** A local id for a task, known before `createTask` is sent. */
function newKey(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `task-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function checkSerialized(serialized: SerializedTask): void {
  if (typeof serialized !== 'object' || serialized === null || serialized.version !== 1 || typeof serialized.key !== 'string') {
    throw new ConfigurationError('resume() needs a SerializedTask of version 1 (from handle.serialize() or a TaskStore).');
  }
}

/**
 * Creates a CapSolver client: typed solves that respect the service's rules (120 queries, 5-minute
 * lifetime, createTask never paid twice), resumable across processes, cancellable at once.
 * Throws {@link ConfigurationError} for a missing key or an insecure base URL, before any request.
 *
 * @example
 * ```ts
 * import { createClient } from '@capkit/core';
 *
 * const client = createClient({ apiKey: process.env.CAPSOLVER_API_KEY });
 * const { solution } = await client.solve({
 *   type: 'ReCaptchaV2TaskProxyLess',
 *   websiteURL: 'https://www.google.com/recaptcha/api2/demo',
 *   websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
 * });
 * console.log(solution.gRecaptchaResponse);
 * ```
 */
export function createClient(options: ClientOptions): CapSolverClient {
  const client = resolveClientOptions(options ?? {});
  const api = createApiCalls(client);
  const onPolicyError = (error: unknown) => client.logger.warn('The poll policy threw; using the documented policy', { error });
  // One machine definition per policy (weakly held: inline policies must not pile up); each task
  // gets its own actors through provide().
  const machines = new WeakMap<PollPolicy, TaskMachine>();
  const machineFor = (pollPolicy: PollPolicy = client.pollPolicy): TaskMachine => {
    let machine = machines.get(pollPolicy);
    if (!machine) {
      machine = createTaskMachine({ now: client.now, pollPolicy, onPolicyError });
      machines.set(pollPolicy, machine);
    }
    return machine;
  };

  const launch = <TT extends TaskType>(key: string, input: TaskMachineInput, solveOptions: SolveOptions = {}): TaskHandle<TT> =>
    createTaskHandle<TT>({
      key,
      input: { ...input, limits: client.limits },
      buildMachine: (hooks: TaskActorHooks) => machineFor(solveOptions.pollPolicy).provide({ actors: createTaskActors(api, hooks) }),
      client,
      solveOptions,
    });

  const start = <T extends Task>(task: T, solveOptions?: SolveOptions): TaskHandle<T['type']> => {
    if (typeof task !== 'object' || task === null || typeof task.type !== 'string') {
      throw new ConfigurationError('solve()/start() need a task object with a "type".');
    }
    return launch<T['type']>(newKey(), { task }, solveOptions);
  };

  const resume = <TT extends TaskType = TaskType>(serialized: SerializedTask, solveOptions?: SolveOptions): TaskHandle<TT> => {
    checkSerialized(serialized);
    return launch<TT>(
      serialized.key,
      {
        task: serialized.task,
        taskType: typeOfSerialized(serialized),
        taskId: serialized.taskId,
        createdAt: serialized.createdAt,
        queries: serialized.queries,
        lastStatus: serialized.lastStatus,
        nextPollAt: serialized.nextPollAt,
        resumed: true,
      },
      solveOptions,
    );
  };

  return {
    solve: (task, solveOptions) => start(task, solveOptions).result,
    start,
    resume,
    async resumePending(store?: TaskStore, solveOptions?: SolveOptions) {
      const source = store ?? client.store;
      if (!source) throw new ConfigurationError('resumePending() needs a TaskStore: pass one, or createClient({ store }).');
      const records = await source.list();
      return records.map((record) => resume(record, solveOptions));
    },
    waitForResult(taskId, waitOptions) {
      if (typeof taskId !== 'string' || taskId === '') throw new ConfigurationError('waitForResult() needs a taskId.');
      if (!Number.isFinite(waitOptions?.createdAt)) {
        throw new ConfigurationError('waitForResult() needs createdAt (epoch ms): the lifetime is counted from it.');
      }
      const { createdAt, queriesUsed, type, ...solveOptions } = waitOptions;
      return launch(newKey(), { taskId, createdAt, queries: queriesUsed ?? 0, taskType: type }, solveOptions);
    },
    createTask: (task, callOptions) => api.createTask(task, callOptions),
    getTaskResult: (taskId, callOptions) => api.getTaskResult(taskId, callOptions),
    getBalance: (callOptions) => api.getBalance(callOptions),
    async getToken(task, callOptions) {
      const { taskId, solution } = await api.getToken(task, callOptions);
      return { taskId, solution: solution as SolutionFor<(typeof task)['type']> };
    },
    feedback: (taskId, result, callOptions) => api.feedbackTask(taskId, result, callOptions),
  };
}
