import { createApiClient, type BalancePackage, type Method, type Task } from '@capkit/api';
import { TaskMayExistError, TransportError } from '../errors/clientErrors.js';
import { errorFromEnvelope } from '../errors/errorFromEnvelope.js';
import { parseRetryAfter } from '../transport/backoff.js';
import { createTransport, type CallPolicy } from '../transport/createTransport.js';
import { snippet, type Envelope } from '../transport/readAnswer.js';
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

type LoosePost = (
  path: string,
  init: { body: unknown; fetch: (request: Request) => Promise<Response>; signal?: AbortSignal | undefined },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Task ids are strings on the wire; a numeric one is accepted and kept as its decimal string. */
function readTaskId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The API methods over the @capkit/api client and the transport: bodies get the key (unless
 * proxied), refusals (`errorId > 0`) become typed errors, and each success is checked for the
 * fields the client relies on.
 */
export function createApiCalls(options: ResolvedClientOptions): ApiCalls {
  const transport = createTransport(options);
  const api = createApiClient({ baseUrl: options.baseUrl });
  const { redactor } = options;

  async function call(method: Method, body: Record<string, unknown>, policy: Omit<CallPolicy, 'method'>, callOptions: ApiCallOptions = {}) {
    const keyed = options.apiKey === undefined ? body : { clientKey: options.apiKey, ...body };
    // One generic call for five paths: openapi-fetch cannot type a union of paths, and in proxied
    // mode the body lacks the `clientKey` the spec requires. Callers below build each body.
    const post = api.POST as unknown as LoosePost;
    const { data, error, response } = await post(`/${method}`, {
      body: keyed,
      fetch: transport.fetchFor({ method, ...policy, ...pick(callOptions) }),
      signal: callOptions.signal,
    });
    const envelope = (data ?? error) as Envelope;
    if (envelope.errorId !== 0) {
      throw errorFromEnvelope(envelope, {
        status: response.status,
        taskId: typeof body.taskId === 'string' ? body.taskId : readTaskId(envelope.taskId),
        retryAfterMs: parseRetryAfter(response.headers, options.now()),
        redactor,
      });
    }
    return { envelope, status: response.status };
  }

  const pick = (callOptions: ApiCallOptions): Partial<CallPolicy> => {
    const policy: Partial<CallPolicy> = {};
    if (callOptions.timeoutMs !== undefined) policy.timeoutMs = callOptions.timeoutMs;
    if (callOptions.maxAttempts !== undefined) policy.maxAttempts = callOptions.maxAttempts;
    if (callOptions.notAfter !== undefined) policy.notAfter = callOptions.notAfter;
    if (callOptions.onRetry !== undefined) policy.onRetry = callOptions.onRetry;
    return policy;
  };

  // The cause carries the (redacted) start of the answer, to see what the service actually sent.
  const invalid = (method: Method, status: number, what: string, envelope: Envelope) =>
    new TransportError(`${method} answered HTTP ${status} with errorId 0 but ${what}.`, {
      code: 'INVALID_RESPONSE',
      status,
      cause: new Error(`body: ${redactor.string(snippet(JSON.stringify(envelope)))}`),
    });

  const mayExist = (method: Method, status: number, what: string, envelope: Envelope) =>
    new TaskMayExistError(
      `${method} answered HTTP ${status} with errorId 0 but ${what}: the task may exist (and be charged), but it cannot be followed. It was not re-sent.`,
      { status, cause: invalid(method, status, what, envelope) },
    );

  return {
    async createTask(task, callOptions) {
      const { envelope, status } = await call('createTask', { task }, { createsTask: true }, callOptions);
      const taskId = readTaskId(envelope.taskId);
      const taskStatus = typeof envelope.status === 'string' ? envelope.status : undefined;
      const solution = isObject(envelope.solution) ? envelope.solution : undefined;
      if (taskId === undefined && !(taskStatus === 'ready' && solution)) throw mayExist('createTask', status, 'no taskId', envelope);
      return { taskId, status: taskStatus, solution };
    },

    async getTaskResult(taskId, callOptions) {
      const { envelope, status } = await call('getTaskResult', { taskId }, { createsTask: false }, callOptions);
      if (typeof envelope.status !== 'string') throw invalid('getTaskResult', status, 'no status', envelope);
      if (envelope.status === 'ready' && !isObject(envelope.solution)) {
        throw invalid('getTaskResult', status, 'status "ready" without a solution', envelope);
      }
      return { status: envelope.status, solution: envelope.solution };
    },

    async getBalance(callOptions) {
      const { envelope, status } = await call('getBalance', {}, { createsTask: false }, callOptions);
      if (typeof envelope.balance !== 'number') throw invalid('getBalance', status, 'no numeric balance', envelope);
      const packages = Array.isArray(envelope.packages) ? (envelope.packages as BalancePackage[]) : [];
      return { balance: envelope.balance, packages };
    },

    async getToken(task, callOptions) {
      const { envelope, status } = await call(
        'getToken',
        { task },
        { createsTask: true, timeoutMs: options.getTokenTimeoutMs },
        callOptions,
      );
      if (!isObject(envelope.solution)) throw mayExist('getToken', status, 'no solution', envelope);
      return { taskId: readTaskId(envelope.taskId), solution: envelope.solution };
    },

    async feedbackTask(taskId, result, callOptions) {
      const { envelope } = await call('feedbackTask', { taskId, result }, { createsTask: false }, callOptions);
      return { message: typeof envelope.message === 'string' ? envelope.message : undefined };
    },
  };
}
