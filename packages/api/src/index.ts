/**
 * `@capkit/api`: the CapSolver API as TypeScript, generated from `spec/capsolver.openapi.yaml`.
 * Types (`paths`, `components`, `operations`), constants from the spec's `x-capkit-*` extensions,
 * type helpers, a typed openapi-fetch client and a minimal typed caller. The spec itself ships as `@capkit/api/openapi.json`.
 * @packageDocumentation
 */
export type { components, operations, paths } from './generated/schema.js';
export {
  ERROR_CODE_RULES,
  ERROR_CODES,
  LIMITS,
  METHODS,
  SERVERS,
  SYNC_TASK_TYPES,
  TASK_STATUSES,
  TASK_TYPE_ALIASES,
  TASK_TYPES,
  type ErrorCategory,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorCodeRule,
  type Limits,
  type Method,
  type ProxyNeed,
  type RetryKind,
  type Server,
  type SolutionMap,
  type TaskFamily,
  type TaskMode,
  type TaskType,
  type TaskTypeInfo,
} from './generated/constants.js';
export type * from './types.js';
export { createApiClient, type ApiClient, type ApiClientOptions } from './createApiClient.js';
export { createApiCaller, type ApiCaller, type ApiCallerOptions, type ApiCallResult } from './createApiCaller.js';
export { isErrorCode, isTaskStatus, isTaskType } from './guards.js';
export { unknownFields, type UnknownFields } from './unknownFields.js';
export { canonicalTaskType } from './canonicalTaskType.js';
