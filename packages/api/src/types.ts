// Type helpers over the generated bindings. Nothing here restates the spec: every type is derived
// from `generated/schema.ts` (openapi-typescript) or `generated/constants.ts` (x-capkit-* extensions).
import type { components, paths } from './generated/schema.js';
import type { Method, SolutionMap, TASK_STATUSES, TASK_TYPES, TaskType } from './generated/constants.js';

/** Every named schema of the spec (`components['schemas']`). */
export type Schemas = components['schemas'];

/** A captcha task: the union of every task type, discriminated by `type`. */
export type Task = Schemas['Task'];

/**
 * The task object of one task type.
 * @example
 * const task: TaskOf<'ReCaptchaV2TaskProxyLess'> = { type: 'ReCaptchaV2TaskProxyLess', websiteURL, websiteKey };
 */
export type TaskOf<T extends TaskType> = Extract<Task, { type: T }>;

/** The `solution` object a ready task of type `T` carries. */
export type SolutionFor<T extends TaskType> = SolutionMap[T];

/** The solution of any task type (the union of every family's solution). */
export type Solution = Schemas['Solution'];

type TaskTypeWhere<Field extends keyof (typeof TASK_TYPES)[TaskType], Value> = {
  [K in TaskType]: (typeof TASK_TYPES)[K][Field] extends Value ? K : never;
}[TaskType];

/** Task types that `createTask` answers inline (recognition). */
export type SyncTaskType = TaskTypeWhere<'mode', 'sync'>;

/** Task types that are polled with `getTaskResult` (token tasks). */
export type AsyncTaskType = TaskTypeWhere<'mode', 'async'>;

/** Task types that need the caller's proxy (`proxy` string or the `proxyType`/… fields). */
export type ProxyRequiredTaskType = TaskTypeWhere<'proxy', 'required'>;

/** Task types `getToken` accepts (reCAPTCHA v2/v3). */
export type GetTokenTaskType = TaskTypeWhere<'getToken', true>;

/** The task union `getToken` accepts. */
export type GetTokenTask = Schemas['GetTokenTask'];

/** A task status: `idle`, `processing`, `ready` or `failed` (undocumented, kept for defence). */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A caller proxy, as one `proxy` string or the split `proxyType`/`proxyAddress`/`proxyPort` fields. */
export type TaskProxy = Schemas['TaskProxy'];

/** The error envelope (`errorId` ≥ 1, `errorCode`, `errorDescription`). */
export type ErrorResponse = Schemas['ErrorResponse'];

/** Body of `POST /createTask`. */
export type CreateTaskRequest = Schemas['CreateTaskRequest'];
/** Successful answer of `POST /createTask` (`errorId` 0). */
export type CreateTaskResponse = Schemas['CreateTaskResponse'];
/** Body of `POST /getTaskResult`. */
export type GetTaskResultRequest = Schemas['GetTaskResultRequest'];
/** Successful answer of `POST /getTaskResult` (`errorId` 0). */
export type GetTaskResultResponse = Schemas['GetTaskResultResponse'];
/** Body of `POST /getBalance`. */
export type GetBalanceRequest = Schemas['GetBalanceRequest'];
/** Successful answer of `POST /getBalance` (`errorId` 0). */
export type GetBalanceResponse = Schemas['GetBalanceResponse'];
/** One package of `GetBalanceResponse.packages`. */
export type BalancePackage = Schemas['BalancePackage'];
/** Body of `POST /getToken`. */
export type GetTokenRequest = Schemas['GetTokenRequest'];
/** Successful answer of `POST /getToken` (`errorId` 0). */
export type GetTokenResponse = Schemas['GetTokenResponse'];
/** Body of `POST /feedbackTask`. */
export type FeedbackTaskRequest = Schemas['FeedbackTaskRequest'];
/** Successful answer of `POST /feedbackTask` (`errorId` 0). */
export type FeedbackTaskResponse = Schemas['FeedbackTaskResponse'];

type Operation<M extends Method> = paths[`/${M}`]['post'];

/** The JSON request body of a method, e.g. `RequestBody<'getBalance'>`. */
export type RequestBody<M extends Method> = Operation<M>['requestBody']['content']['application/json'];

/**
 * The JSON body of a method's HTTP 200 answer: the success shape or the error envelope.
 * `errorId` decides which (`0` = success); the HTTP status is only advisory.
 */
export type ResponseBody<M extends Method> = Operation<M>['responses'][200]['content']['application/json'];
