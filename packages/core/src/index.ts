/**
 * `@capkit/core`: the CapSolver task lifecycle as an XState v5 machine that cannot break the
 * service's rules, poll policies, one typed error hierarchy, a retrying/validating transport, and a
 * runtime-agnostic client (fetch, AbortController and timers only).
 *
 * The root has what a client's user needs: the client, errors, poll policies, limits, stores and the
 * types. The machine is in `@capkit/core/machine`, the schedule planners in `@capkit/core/planning`,
 * and adapter plumbing in `@capkit/core/platform`.
 * @packageDocumentation
 */
export { createClient } from './client/createClient.js';
// The task and solution types of @capkit/api, so that one import serves a client's user.
export { unknownFields, type UnknownFields } from '@capkit/api';
export type { Solution, SolutionFor, Task, TaskOf, TaskType } from '@capkit/api';
export { createMemoryStore } from './client/createMemoryStore.js';
export {
  parseSavedTask,
  pickSavedFields,
  SAVED_TASK_FIELDS,
  serializeSavedTask,
  toMachineInput,
  type ParseSavedTaskOptions,
} from './client/savedTask.js';
export type {
  Balance,
  CallOptions,
  CapSolverClient,
  ClientOptions,
  CreateTaskResult,
  FeedbackResult,
  Inspector,
  SerializedTask,
  SolveOptions,
  SolveResult,
  TaskActor,
  TaskHandle,
  TaskProgress,
  TaskResult,
  TaskState,
  TaskStep,
  TaskStore,
  TokenResult,
  WaitForResultOptions,
} from './client/types.js';
export type { CallbackDelivery, CallbackListener, CallbackReceiver } from './callbacks/CallbackReceiver.js';
export { MAX_CALLBACK_WAKES } from './callbacks/createCallbackLink.js';
export * from './errors/index.js';
export { DEFAULT_LIMITS, lastQueryAt, resolveLimits, scaleLimits, type Limits } from './limits.js';
export { createRedactingLogger, silentLogger, type Logger } from './logger.js';
export * from './policies/index.js';
export { createRedactor, redact, REDACTED, type Redactor } from './redact.js';
export type { Timers } from './timers.js';
export { DEFAULT_BACKOFF, type BackoffOptions } from './transport/backoff.js';
