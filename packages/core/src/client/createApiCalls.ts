import type { BalancePackage, GetTokenTaskType, Method, SolutionFor, Task, TaskOf } from '@capkit/api';
import { isFiniteNumber } from '../isFiniteNumber.js';
import { createTransport, type CallPolicy, type WireBody } from '../transport/createTransport.js';
import { readTaskId, type Envelope } from '../transport/readAnswer.js';
import type { FetchFailureReader } from '../transport/readFetchFailure.js';
import type { ResolvedClientOptions } from './resolveClientOptions.js';
import type { Balance, CreateTaskResult, FeedbackResult, TaskResult, TokenResult } from './types.js';

/** Per-call settings of {@link ApiCalls}. */
export type ApiCallOptions = Pick<CallPolicy<object>, 'maxAttempts' | 'notAfter' | 'onRetry' | 'signal' | 'timeoutMs'>;

/** Options of createTask: the call's, plus the URL the service should POST the result to. */
export type CreateTaskCallOptions = ApiCallOptions & { callbackUrl?: string | undefined };

/** The five API methods, with typed errors and validated answers. */
export interface ApiCalls {
  createTask(task: Task, options?: CreateTaskCallOptions): Promise<CreateTaskResult>;
  getTaskResult(taskId: string, options?: ApiCallOptions): Promise<TaskResult>;
  getBalance(options?: ApiCallOptions): Promise<Balance>;
  getToken<TT extends GetTokenTaskType>(task: TaskOf<TT>, options?: ApiCallOptions): Promise<TokenResult<TT>>;
  feedbackTask(
    taskId: string,
    result: FeedbackResult,
    options?: ApiCallOptions,
  ): Promise<{ message: string | undefined }>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The API methods over the transport: bodies get the key (unless in proxy mode), refusals (`errorId > 0`)
 * come back as typed errors, and each success is read for the fields the client relies on (one that
 * lacks them is an unusable answer: for a task-creating call, a `TaskMayExistError`).
 */
export function createApiCalls(options: ResolvedClientOptions, readFetchFailure: FetchFailureReader): ApiCalls {
  const transport = createTransport({ ...options, readFetchFailure });

  /** Sends one method, under the call's timeout, else the client's. */
  function call<R extends object>(
    method: Method,
    body: WireBody,
    createsTask: boolean,
    read: (envelope: Envelope) => R | string,
    callOptions?: ApiCallOptions,
  ): Promise<R> {
    const policy = { ...callOptions, method, createsTask, read };
    // In proxy mode the key is undefined, which JSON drops: the backend adds the `clientKey` the spec requires.
    return transport.send(policy, { clientKey: options.apiKey, ...body });
  }

  return {
    createTask: (task, { callbackUrl, ...callOptions } = {}) =>
      call(
        'createTask',
        callbackUrl === undefined ? { task } : { task, callbackUrl },
        true,
        ({ taskId, status, solution }) => {
          const created = {
            taskId: readTaskId(taskId),
            status: typeof status === 'string' ? status : undefined,
            solution: isObject(solution) ? solution : undefined,
          };
          // A sync task may answer with its solution and no id.
          return created.taskId === undefined && !(created.status === 'ready' && created.solution)
            ? 'no taskId'
            : created;
        },
        callOptions,
      ),

    getTaskResult: (taskId, callOptions) =>
      call(
        'getTaskResult',
        { taskId },
        false,
        ({ status, solution }) =>
          typeof status !== 'string'
            ? 'no status'
            : status === 'ready' && !isObject(solution)
              ? 'status "ready" without a solution'
              : { status, solution },
        callOptions,
      ),

    getBalance: (callOptions) =>
      call(
        'getBalance',
        {},
        false,
        ({ balance, packages }) =>
          !isFiniteNumber(balance)
            ? 'no numeric balance'
            : { balance, packages: Array.isArray(packages) ? (packages as BalancePackage[]) : [] },
        callOptions,
      ),

    // getToken answers only once the task is solved: its own, longer timeout.
    getToken: <TT extends GetTokenTaskType>(task: TaskOf<TT>, callOptions?: ApiCallOptions) =>
      call(
        'getToken',
        { task },
        true,
        // The service's solution for the task's type: checked to be an object, typed by the spec.
        ({ taskId, solution }): TokenResult<TT> | string =>
          isObject(solution) ? { taskId: readTaskId(taskId), solution: solution as SolutionFor<TT> } : 'no solution',
        { ...callOptions, timeoutMs: callOptions?.timeoutMs ?? options.getTokenTimeoutMs },
      ),

    feedbackTask: (taskId, result, callOptions) =>
      call(
        'feedbackTask',
        { taskId, result },
        false,
        ({ message }) => ({ message: typeof message === 'string' ? message : undefined }),
        callOptions,
      ),
  };
}
