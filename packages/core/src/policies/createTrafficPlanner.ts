import { cellAt } from './cellAt.js';
import type { TaskType } from '@capkit/api';
import type { Limits } from '../limits.js';
import type { SolveTimeModel } from './createSolveTimeModel.js';
import { documentedRhythmQueries, horizonOf, limitsKey, planGaps, type PlanningOptions } from './hazard.js';
import { planTrafficMedian } from './planMedianSchedule.js';
import type { PollPlan } from './planPollSchedule.js';
import type { SolveTimeDistribution } from './solveTimeDistribution.js';

/** Where a policy gets the plan of a task. */
export type PlanSource = (taskType: TaskType | undefined, limits: Limits) => PollPlan;

/** Task types planned together at most (the joint plan's cost grows with their number); the others are planned alone. */
const MAX_TRAFFIC_TYPES = 8;

interface TrafficPlans {
  types: Array<string | undefined>;
  distributions: SolveTimeDistribution[];
  plans: PollPlan[];
}

/** The same types with the same distribution objects: the cached plans still hold. */
const sameMix = (
  cached: TrafficPlans,
  types: ReadonlyArray<string | undefined>,
  distributions: readonly SolveTimeDistribution[],
) =>
  cached.types.length === types.length &&
  cached.types.every((type, index) => type === types[index] && cached.distributions[index] === distributions[index]);

/**
 * Median plans for a client's traffic as a whole (see `planTrafficMedian`): the task types `model`
 * has observed, weighted by how many tasks of each it observed, share one median bound and one
 * price per query, so a fast type is polled densely and a slow one sparsely. The budget
 * (`targetQueries`, default what a 3 s loop spends on this traffic) is the traffic's mean. A type
 * the model has not observed yet (or beyond the 8 most observed) is planned alone by `alone`.
 * Plans are recomputed when the mix or one of its distributions changes.
 */
export function createTrafficPlanner(model: SolveTimeModel, options: PlanningOptions, alone: PlanSource): PlanSource {
  const cache = new Map<string, TrafficPlans>();
  return (taskType, limits) => {
    const mix = model.traffic().slice(0, MAX_TRAFFIC_TYPES);
    const index = mix.findIndex((entry) => entry.taskType === taskType);
    if (index < 0) return alone(taskType, limits);
    const types = mix.map((entry) => entry.taskType);
    const distributions = mix.map((entry) => model.distribution(entry.taskType, limits));
    const key = limitsKey(limits);
    let cached = cache.get(key);
    if (!cached || !sameMix(cached, types, distributions)) {
      cached = { types, distributions, plans: planMix(mix, distributions, limits, options) };
      cache.set(key, cached);
    }
    return cellAt(cached.plans, index);
  };
}

function planMix(
  mix: ReadonlyArray<{ observed: number }>,
  distributions: readonly SolveTimeDistribution[],
  limits: Limits,
  options: PlanningOptions,
): PollPlan[] {
  const components = distributions.map((distribution, index) => ({
    weight: cellAt(mix, index).observed,
    distribution,
    horizonMs: horizonOf(distribution, limits),
  }));
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  const targetQueries =
    options.targetQueries ??
    components.reduce(
      (sum, component) =>
        sum + (component.weight / total) * documentedRhythmQueries(component.distribution, limits, component.horizonMs),
      0,
    );
  return planTrafficMedian(components, { ...planGaps(limits, options), cells: options.cells, targetQueries });
}
