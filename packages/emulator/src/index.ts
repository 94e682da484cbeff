export { startEmulator, type Emulator } from './startEmulator.js';
export { createEmulatorEngine, type EmulatorEngine, type EngineRequest } from './createEmulatorEngine.js';
export type { EngineReply } from './reply.js';
export { readRequestBody, sendReply, type NodeRequestBody } from './nodeHttp.js';
export {
  createSpecValidator,
  type SpecValidator,
  type TaskMethod,
  type TaskValidation,
  type RequestValidation,
  type ResponseValidation,
} from './createSpecValidator.js';
export type { EmulatorControl } from './createEmulatorControl.js';
export type { EmulatorStats, TaskSummary, FaultRecord } from './createStats.js';
export {
  DEFAULT_API_KEY,
  DEFAULT_BALANCE,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PRICE_PER_TASK,
  type EmulatorOptions,
  type EngineOptions,
} from './options.js';
export {
  FAULT_KINDS,
  faultPhase,
  type ApiMethod,
  type FaultKind,
  type FaultOptions,
  type FaultPhase,
  type FaultScriptEntry,
} from './faults.js';
export type { ForcedOutcome, Outcome, OutcomeProbabilities } from './outcomes.js';
export {
  CALLBACK_PAYLOADS,
  type CallbackOptions,
  type CallbackPayload,
  type CallbackRecord,
  type CallbackStats,
} from './callbacks.js';
export { FORCE_HINT_PREFIX, forceHintUrl } from './forceHint.js';
export { CONTROL_PREFIX } from './controlRoute.js';
export { fixed, logNormal, perType, uniform, type SolveTimeDistribution } from './solveTime.js';
