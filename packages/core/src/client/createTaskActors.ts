import { fromAbortablePromise } from '../machine/fromAbortablePromise.js';
import type {
  CreateTaskInput,
  CreateTaskOutput,
  GetTaskResultInput,
  GetTaskResultOutput,
} from '../machine/taskMachineTypes.js';
import type { ApiCalls } from './createApiCalls.js';

/**
 * The hooks of each task, keyed by the task's actor (the `parent` of its requests). The client
 * attaches them before the actor starts, so every request finds its task's hooks.
 */
export type TaskHooks = Pick<WeakMap<object, TaskActorHooks>, 'get'>;

/** Hooks of one task's actors. */
export interface TaskActorHooks {
  /**
   * Awaited before every request of the task leaves (`createTask`, each `getTaskResult` and each of
   * its retries): the task's current state, this request counted, must be in the store first. So the
   * task exists in the store before it can exist on the service, and a crash never leaves a record
   * that knows of fewer queries than were sent (a restart would overrun the budget).
   */
  beforeSend(): Promise<void>;
  /** The task's callback URL, sent with createTask (callback mode). */
  callbackUrl?: string | undefined;
}

/**
 * The real `createTask` and `getTaskResult` actors of the task machine, over the API calls. Both
 * abort their request when the machine stops them (XState aborts `signal`). `getTaskResult` tells the
 * machine about every transport retry, so retries count against the task's budget, and it never
 * sends more requests than the budget allows nor any after the lifetime.
 *
 * The actors are shared by every task of a client (one machine definition per policy, not one per
 * task: a task costs only its actor); each finds its task's hooks in `hooks`, by `parent`.
 */
export function createTaskActors(api: ApiCalls, hooks: TaskHooks) {
  const hooksOf = (parent: object): TaskActorHooks => {
    const found = hooks.get(parent);
    if (!found) throw new Error('capkit bug: a task actor started before its hooks were attached.');
    return found;
  };
  return {
    createTask: fromAbortablePromise<CreateTaskOutput, CreateTaskInput>(async ({ input, signal }) => {
      const { beforeSend, callbackUrl } = hooksOf(input.parent);
      await beforeSend();
      signal.throwIfAborted();
      return api.createTask(input.task, { signal, callbackUrl });
    }),
    getTaskResult: fromAbortablePromise<GetTaskResultOutput, GetTaskResultInput>(async ({ input, signal }) => {
      const { beforeSend } = hooksOf(input.parent);
      await beforeSend();
      signal.throwIfAborted();
      return api.getTaskResult(input.taskId, {
        signal,
        maxAttempts: input.maxAttempts,
        notAfter: input.notAfter,
        // The machine counts the retry (synchronously), then the count is saved before it is sent.
        onRetry: () => {
          input.parent.send({ type: 'query.retried' });
          return beforeSend();
        },
      });
    }),
  };
}
