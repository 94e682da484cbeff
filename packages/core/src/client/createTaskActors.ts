import { fromPromise } from 'xstate';
import type {
  CreateTaskInput,
  CreateTaskOutput,
  GetTaskResultInput,
  GetTaskResultOutput,
} from '../machine/taskMachineTypes.js';
import type { ApiCalls } from './createApiCalls.js';

/** Hooks of one task's actors. */
export interface TaskActorHooks {
  /** Awaited before `createTask` is sent: the task must be in the store before it can exist. */
  beforeCreate(): Promise<void>;
}

/**
 * The real `createTask` and `getTaskResult` actors of the task machine, over the API calls. Both
 * abort their request when the machine stops them (XState aborts `signal`). `getTaskResult` tells the
 * machine about every transport retry, so retries count against the task's budget, and it never
 * sends more requests than the budget allows nor any after the lifetime.
 */
export function createTaskActors(api: ApiCalls, hooks: TaskActorHooks) {
  return {
    createTask: fromPromise<CreateTaskOutput, CreateTaskInput>(async ({ input, signal }) => {
      await hooks.beforeCreate();
      signal.throwIfAborted();
      return api.createTask(input.task, { signal });
    }),
    getTaskResult: fromPromise<GetTaskResultOutput, GetTaskResultInput>(async ({ input, signal }) =>
      api.getTaskResult(input.taskId, {
        signal,
        maxAttempts: input.maxAttempts,
        notAfter: input.notAfter,
        onRetry: () => input.parent.send({ type: 'query.retried' }),
      }),
    ),
  };
}
