import type { BalancePackage, Method, RequestBody, Task } from '@capkit/api';
import { TransportError } from '../errors/clientErrors.js';
import { taskMayExist } from '../errors/taskMayExist.js';
import { createTransport, type CallPolicy } from '../transport/createTransport.js';
import { readTaskId, snippet } from '../transport/readAnswer.js';
import type { ResolvedClientOptions } from './resolveClientOptions.js';
import type { Balance, CreateTaskResult, FeedbackResult, TaskResult } from './types.js';

/** Per-call settings of {@link ApiCalls}. */
export interface ApiCallOptions extends Pick<CallPolicy, 'maxAttempts' | 'notAfter' | 'onRetry'> {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** The five API methods, with typed errors and validated answers. */
export interface ApiCalls {
  createTask(task: Task, options?: ApiCallOptions): Promise<CreateTaskResult>;
  getTaskResult(taskId: string, options?: ApiCallOptions): Promise<TaskResult>;
  getBalance(options?: ApiCallOptions): Promise<Balance>;
  getToken(task: Task, options?: ApiCallOptions): Promise<{ taskId: string | undefined; solution: unknown }>;
  feedbackTask(taskId: string, result: FeedbackResult, options?: ApiCallOptions): Promise<{ message: string | undefined }>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The API methods over the transport: bodies get the key (unless proxied), refusals (`errorId > 0`)
 * come back as typed errors, and each success is checked for the fields the client relies on.
 */
export function createApiCalls(options: ResolvedClientOptions): ApiCalls {
  const transport = createTransport(options);
  const { redactor } = options;

  /**
   * Sends one method; `defaultTimeoutMs` replaces the client's timeout unless the call sets its own.
   * Resolves with the success envelope and `invalid(what)`: the error for a success that lacks what
   * the client needs (for a task-creating call, a `TaskMayExistError`: the task may exist all the same).
   */
  async function call(
    method: Method,
    body: Record<string, unknown>,
    createsTask: boolean,
    { signal, timeoutMs, ...limits }: ApiCallOptions = {},
    defaultTimeoutMs?: number,
  ) {
    const policy = { ...limits, method, createsTask, timeoutMs: timeoutMs ?? defaultTimeoutMs };
    // In proxied mode the body lacks the `clientKey` the spec requires: the backend adds it.
    const keyed = (options.apiKey === undefined ? body : { clientKey: options.apiKey, ...body }) as RequestBody<Method>;
    const { envelope, status } = await transport.send(method, keyed, policy, signal);
    const invalid = (what: string) => {
      const message = `${method} answered HTTP ${status} with errorId 0 but ${what}`;
      // The cause carries the (redacted) start of the answer, to see what the service actually sent.
      const cause = new Error(`body: ${redactor.string(snippet(JSON.stringify(envelope)))}`);
      const error = new TransportError(`${message}.`, { code: 'INVALID_RESPONSE', status, cause });
      return createsTask ? taskMayExist(message, { status, cause: error }) : error;
    };
    return { envelope, invalid };
  }

  return {
    async createTask(task, callOptions) {
      const { envelope, invalid } = await call('createTask', { task }, true, callOptions);
      const taskId = readTaskId(envelope.taskId);
      const status = typeof envelope.status === 'string' ? envelope.status : undefined;
      const solution = isObject(envelope.solution) ? envelope.solution : undefined;
      if (taskId === undefined && !(status === 'ready' && solution)) throw invalid('no taskId');
      return { taskId, status, solution };
    },

    async getTaskResult(taskId, callOptions) {
      const { envelope, invalid } = await call('getTaskResult', { taskId }, false, callOptions);
      const { status, solution } = envelope;
      if (typeof status !== 'string') throw invalid('no status');
      if (status === 'ready' && !isObject(solution)) throw invalid('status "ready" without a solution');
      return { status, solution };
    },

    async getBalance(callOptions) {
      const { envelope, invalid } = await call('getBalance', {}, false, callOptions);
      if (typeof envelope.balance !== 'number') throw invalid('no numeric balance');
      return { balance: envelope.balance, packages: Array.isArray(envelope.packages) ? (envelope.packages as BalancePackage[]) : [] };
    },

    async getToken(task, callOptions) {
      // getToken answers only once the task is solved: its own, longer timeout.
      const { envelope, invalid } = await call('getToken', { task }, true, callOptions, options.getTokenTimeoutMs);
      if (!isObject(envelope.solution)) throw invalid('no solution');
      return { taskId: readTaskId(envelope.taskId), solution: envelope.solution };
    },

    async feedbackTask(taskId, result, callOptions) {
      const { envelope } = await call('feedbackTask', { taskId, result }, false, callOptions);
      return { message: typeof envelope.message === 'string' ? envelope.message : undefined };
    },
  };
}
