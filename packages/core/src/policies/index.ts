export type { PollContext, PollPolicy } from './PollPolicy.js';
export { documented } from './documented.js';
export { fixed } from './fixed.js';
export { eager, type EagerOptions } from './eager.js';
export { clampDelay } from './clampDelay.js';
export { callbackFallback, type CallbackFallbackOptions, type CallbackFallbackPolicy } from './callbackFallback.js';
export {
  hazard,
  type DistributionSource,
  type HazardOptions,
  type HazardPolicy,
  type PlanningOptions,
} from './hazard.js';
export { learned, type LearnedOptions, type LearnedPolicy } from './learned.js';
export {
  createSolveTimeModel,
  type SolveTimeModel,
  type SolveTimeModelJSON,
  type SolveTimeModelOptions,
  type SolveTimeObservation,
} from './createSolveTimeModel.js';
export {
  logNormalSolveTime,
  mixtureSolveTime,
  uniformSolveTime,
  type LogNormalSolveTimeOptions,
  type MixtureComponent,
  type SolveTimeDistribution,
} from './solveTimeDistribution.js';
export { evaluateSchedule, planPollSchedule, type PlanPollScheduleOptions, type PollPlan } from './planPollSchedule.js';
export {
  createShareProgram,
  MEDIAN_PLAN_SHARE,
  planMedianSchedule,
  planTrafficMedian,
  type ShareProgram,
  type ShareProgramOptions,
  type ShareSchedule,
  type TrafficComponent,
  type TrafficMedianOptions,
} from './planMedianSchedule.js';
