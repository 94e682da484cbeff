import type {
  BalancePackage,
  FeedbackTaskRequest,
  GetTokenTaskType,
  SolutionFor,
  Task,
  TaskOf,
  TaskType,
} from '@capkit/api';
import type { Actor, InspectionEvent, Observer } from 'xstate';
import type { CallbackReceiver } from '../callbacks/CallbackReceiver.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { TaskMachine } from '../machine/taskMachine.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import type { Timers } from '../timers.js';
import type { BackoffOptions } from '../transport/backoff.js';
import type { TaskProgress } from '../TaskProgress.js';

export type { TaskProgress, TaskState, TaskStep } from '../TaskProgress.js';

/** An XState inspector: a callback or an observer (`createBrowserInspector().inspect` fits). */
export type Inspector = ((event: InspectionEvent) => void) | Partial<Observer<InspectionEvent>>;

/** Options of {@link createClient}. Everything but the key is optional. */
export interface ClientOptions {
  /** The CapSolver API key. Required unless `proxyUrl`. Never logged, never in an error, snapshot or URL. */
  apiKey?: string | undefined;
  /**
   * Proxy mode (browser apps): no key in this process. Requests go to `<proxyUrl>/<method>` on your
   * backend (`createProxyHandler` from `@capkit/node`), which adds the key before forwarding them.
   * A relative URL (`'/api/capsolver'`) resolves against the page. Not with `apiKey` or `baseUrl`.
   */
  proxyUrl?: string | undefined;
  /**
   * The API origin, with `apiKey`. Default `SERVERS[0]` (`https://api.capsolver.com`). Must be HTTPS
   * unless it is loopback (`127.0.0.0/8`, `localhost`, `[::1]`) or `allowInsecureBaseUrl` is set.
   */
  baseUrl?: string | undefined;
  /** Send the key over plain HTTP to a non-loopback host anyway. Default `false`. */
  allowInsecureBaseUrl?: boolean | undefined;
  /** The fetch to send requests with. Default `globalThis.fetch` (looked up at each request). */
  fetch?: typeof fetch | undefined;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number | undefined;
  /**
   * The largest answer body the client reads, in bytes. A larger one is cancelled unread and becomes a
   * `TransportError` (`INVALID_RESPONSE`; `TaskMayExistError` for createTask). Default 1 MiB.
   */
  maxAnswerBytes?: number | undefined;
  /** Timeout of `getToken`, which answers only once the task is solved. Default `serverSolveTimeoutMs` (120 s). */
  getTokenTimeoutMs?: number | undefined;
  /** Retries after the first attempt of a request. Default 2. */
  maxRetries?: number | undefined;
  /** Retry timing. Default: 0.5 s doubling to 8 s, 25 % jitter, `Retry-After` honoured up to 60 s. */
  backoff?: Partial<BackoffOptions> | undefined;
  /** The default poll policy. Default `documented`. */
  pollPolicy?: PollPolicy | undefined;
  /** Overrides of the limits (e.g. `scaleLimits(0.01)` for a time-scaled emulator). */
  limits?: Partial<Limits> | undefined;
  /** Where to log. Default: silent. Every line is redacted. */
  logger?: Logger | undefined;
  /** An XState inspector for every task actor; events are redacted. */
  inspect?: Inspector | undefined;
  /** The wall clock (epoch ms). Default `Date.now()`. */
  now?: (() => number) | undefined;
  /** Timer functions (XState's clock). Default: the global ones. */
  timers?: Timers | undefined;
  /** Persist unfinished tasks, so a restarted process can `resumePending()` them. */
  store?: TaskStore | undefined;
  /**
   * At most this many tasks run at once (from creation to their end); more wait in order, with the
   * progress state `queued`, and start as others end. Default: no cap.
   */
  maxConcurrentTasks?: number | undefined;
  /**
   * The zero-balance circuit breaker. After an `ERROR_ZERO_BALANCE`, every new or queued task (and
   * `createTask`, `getToken`) fails at once with the same `InsufficientBalanceError`, sending nothing,
   * until a `getBalance()` shows funds. Tasks that exist keep polling. Default `true`.
   */
  zeroBalanceBreaker?: boolean | undefined;
  /**
   * Callback mode: each task's createTask carries its own callback URL from this receiver (e.g.
   * `@capkit/node`'s `startCallbackReceiver`), a callback wakes the task at once, and polling
   * falls back to `callbackPollPolicy`, so a lost callback still ends within the lifetime and budget.
   */
  callbackReceiver?: CallbackReceiver | undefined;
  /**
   * The poll policy of tasks that expect a callback. Default: one `callbackFallback()` per client
   * (callback mode is refused in a runtime that cannot receive callbacks, e.g. `@capkit/browser`).
   */
  callbackPollPolicy?: PollPolicy | undefined;
}

/** Options of one solve ({@link CapSolverClient.solve}, `start`, `resume`, `waitForResult`). */
export interface SolveOptions {
  /** Cancels the wait and the in-flight request at once; the task ends with `AbortedError`. */
  signal?: AbortSignal | undefined;
  /** Called at every step of the task. */
  onProgress?: ((progress: TaskProgress) => void) | undefined;
  /** This task's poll policy, instead of the client's. */
  pollPolicy?: PollPolicy | undefined;
  /**
   * Where this task is kept, instead of the client's `store` (e.g. one store per queue job). Default:
   * the client's; for `resumePending(store)`, the store the records came from.
   */
  store?: TaskStore | undefined;
  /**
   * This task's callback receiver instead of the client's, or `false` for none (plain polling).
   * A task created with a callback keeps it when resumed with the same receiver.
   */
  callbackReceiver?: CallbackReceiver | false | undefined;
}

/** Options of {@link CapSolverClient.waitForResult}. */
export interface WaitForResultOptions<TT extends TaskType = TaskType> extends SolveOptions {
  /** When the task was created (epoch ms): its lifetime is counted from here. */
  createdAt: number;
  /** Queries already used for this task elsewhere. Default 0. */
  queriesUsed?: number | undefined;
  /** The task's type, for typing the solution and for policies. */
  type?: TT | undefined;
}

/** Options of the single API calls. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** This request's timeout. */
  timeoutMs?: number | undefined;
}

/** What a solved task yields. */
export interface SolveResult<TT extends TaskType = TaskType> {
  /** The service's task id (empty only if the service answered a recognition task without one). */
  taskId: string;
  /** The solution, typed by task type. */
  solution: SolutionFor<TT>;
  /** `getTaskResult` requests used (0 for recognition tasks). */
  queries: number;
  /** Wall-clock ms from `createTask` to the solution. */
  elapsedMs: number;
}

/**
 * A task in a JSON-safe form that another process can continue with `client.resume()`. It never
 * holds the API key (the task itself may hold your proxy credentials).
 */
export interface SerializedTask {
  /** 2 since the machine's states are the service's lifecycle; version 1 records are read (and migrated) too. */
  version: 1 | 2;
  /** A local id, known before `createTask` is sent: the store's key. */
  key: string;
  /** The task as sent (absent for tasks followed with `waitForResult`, which only know the id). */
  task?: Task | undefined;
  /** The task type, when known. */
  taskType?: TaskType | undefined;
  taskId?: string | undefined;
  createdAt?: number | undefined;
  queries: number;
  /** The machine state when serialized (`creating`, `waiting`, `querying`, …). */
  state: string;
  lastStatus?: string | undefined;
  nextPollAt?: number | undefined;
  /** The token of the task's callback URL, when it expects a callback (a secret: it lets a caller wake the task). */
  callbackToken?: string | undefined;
}

/**
 * Where unfinished tasks are kept between processes. The client saves a task whenever it changes and
 * waits for the save before each request it sends: before `createTask` (no `taskId` yet), and before
 * each query and each retry of one (the stored `queries` already counts it, so a restart never
 * overruns the budget). It removes the task once it is `ready` or failed for good. Writes of one task
 * never overlap or reorder; a failing write is logged and the task goes on. Keep writes fast: each
 * request waits for one, and the last query of a task may only be late by `lifetimeSafetyMarginMs` (1 s).
 */
export interface TaskStore {
  list(): Promise<SerializedTask[]>;
  save(task: SerializedTask): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The running task actor (XState). */
export type TaskActor = Actor<TaskMachine>;

/**
 * A running task. Await it for the {@link SolveResult}; it rejects with a typed `CapSolverError`.
 * `subscribe` + `getSnapshot` fit React's `useSyncExternalStore`.
 *
 * The handle is a thenable (`PromiseLike`): `await handle`, and also returning it from an `async`
 * function or a `.then` callback, waits for the whole task and yields its result, not the handle.
 * To hand the handle itself out of an async function, wrap it (`return { handle }`).
 *
 * @example
 * ```ts
 * const handle = client.start(task);
 * handle.subscribe((progress) => console.log(progress.state, progress.queries));
 * const { solution } = await handle;
 * ```
 */
export interface TaskHandle<TT extends TaskType = TaskType> extends PromiseLike<SolveResult<TT>> {
  /** The local id (the store key). */
  readonly key: string;
  /** The service's task id, once `createTask` returned it. */
  readonly taskId: string | undefined;
  /** The result as a real Promise (for `.catch`, `.finally`, `Promise.all`). */
  readonly result: Promise<SolveResult<TT>>;
  /**
   * Calls `listener` with the current progress at once, before `subscribe` returns (so a subscriber
   * added after `start()` still sees the first step, and one added after the end sees the last), then
   * at every step. Returns the unsubscribe function (not yet assigned during that first call).
   */
  subscribe(listener: (progress: TaskProgress) => void): () => void;
  /** The current progress; the same object until the next step. */
  getSnapshot(): TaskProgress;
  /** The task in a JSON-safe form for `client.resume()` (never the key). */
  serialize(): SerializedTask;
  /** Cancels the task at once (`AbortedError`); a no-op once it has ended. */
  cancel(reason?: unknown): void;
  /** The underlying XState actor. */
  readonly actor: TaskActor;
}

/** The answer of `createTask`: a task id, and the solution for recognition (sync) tasks. */
export interface CreateTaskResult {
  taskId: string | undefined;
  status: string | undefined;
  solution: unknown;
}

/** The answer of `getTaskResult`. */
export interface TaskResult {
  status: string;
  solution: unknown;
}

/** The answer of `getBalance`. */
export interface Balance {
  /** USD. */
  balance: number;
  packages: BalancePackage[];
}

/** The answer of `getToken`. */
export interface TokenResult<TT extends TaskType = TaskType> {
  taskId: string | undefined;
  solution: SolutionFor<TT>;
}

/** What `feedback` reports about a solved task. */
export type FeedbackResult = FeedbackTaskRequest['result'];

/** The CapSolver client. Create it with {@link createClient}. */
export interface CapSolverClient {
  /**
   * Creates a task and waits for its solution, within the query budget and lifetime.
   * @returns the solution typed by the task's type.
   */
  solve<TT extends TaskType>(task: TaskOf<TT>, options?: SolveOptions): Promise<SolveResult<TT>>;
  /** Creates a task and returns its {@link TaskHandle} at once. */
  start<TT extends TaskType>(task: TaskOf<TT>, options?: SolveOptions): TaskHandle<TT>;
  /** Continues a serialized task (another process, after a restart) with its remaining budget and lifetime. */
  resume<TT extends TaskType = TaskType>(serialized: SerializedTask, options?: SolveOptions): TaskHandle<TT>;
  /**
   * Resumes every unfinished task of a store (default: `options.store`, else the client's); each
   * task is kept in that store. A task saved before its `createTask` returned has no id: it settles
   * with `TaskMayExistError` and is never re-sent.
   */
  resumePending(store?: TaskStore, options?: SolveOptions): Promise<TaskHandle[]>;
  /** Polls a task created elsewhere, by id. */
  waitForResult<TT extends TaskType = TaskType>(taskId: string, options: WaitForResultOptions<TT>): TaskHandle<TT>;
  /** One `createTask` call (never re-sent once it may have reached the service). */
  createTask(task: Task, options?: CallOptions): Promise<CreateTaskResult>;
  /** One `getTaskResult` call. It does not track the task's budget; prefer `waitForResult`. */
  getTaskResult(taskId: string, options?: CallOptions): Promise<TaskResult>;
  /** The account balance. */
  getBalance(options?: CallOptions): Promise<Balance>;
  /** Solves a reCAPTCHA task in one synchronous call (long timeout; never re-sent). */
  getToken<TT extends GetTokenTaskType>(task: TaskOf<TT>, options?: CallOptions): Promise<TokenResult<TT>>;
  /** Reports whether a solved task's token worked. */
  feedback(taskId: string, result: FeedbackResult, options?: CallOptions): Promise<{ message: string | undefined }>;
}
