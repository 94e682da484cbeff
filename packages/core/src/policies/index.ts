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
// The planners behind hazard() and learned() are in `@capkit/core/planning`; a plan's shape is named here.
export type { PollPlan } from './planPollSchedule.js';
