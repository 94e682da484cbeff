/**
 * `@capkit/core/planning`: the schedule planners behind `hazard()` and `learned()`, for tools and for
 * writing new policies: plan the query times that minimise the mean (`planPollSchedule`) or the median
 * (`planMedianSchedule`, `planTrafficMedian`) latency for a query budget, and score a schedule against
 * a solve-time distribution (`evaluateSchedule`). Client users need none of it: pick a policy from
 * `@capkit/core`.
 * @packageDocumentation
 */
export {
  evaluateSchedule,
  planPollSchedule,
  type PlanPollScheduleOptions,
  type PollPlan,
} from './policies/planPollSchedule.js';
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
} from './policies/planMedianSchedule.js';
export {
  logNormalSolveTime,
  mixtureSolveTime,
  uniformSolveTime,
  type LogNormalSolveTimeOptions,
  type MixtureComponent,
  type SolveTimeDistribution,
} from './policies/solveTimeDistribution.js';
