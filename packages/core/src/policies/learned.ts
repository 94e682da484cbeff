import type { TaskProgress } from '../TaskProgress.js';
import { createSolveTimeModel, type SolveTimeModel } from './createSolveTimeModel.js';
import { createTrafficPlanner } from './createTrafficPlanner.js';
import { followPlan, hazard, type HazardPolicy, type PlanningOptions } from './hazard.js';
import type { PollPolicy } from './PollPolicy.js';

/** Options of {@link learned}: the model to learn into, plus {@link hazard}'s planning options. */
export interface LearnedOptions extends PlanningOptions {
  /** The model to read and feed. Default: a fresh one. Share one per client; restore one from JSON. */
  model?: SolveTimeModel | undefined;
}

/** A learned policy: a {@link HazardPolicy} over a {@link SolveTimeModel}, and the means to feed it. */
export interface LearnedPolicy extends HazardPolicy {
  /** The model the policy plans from. */
  readonly model: SolveTimeModel;
  /**
   * Tasks run under this policy are observed automatically (the client calls `track` for each).
   * `observer` is for feeding the model from tasks run under another policy: a progress listener
   * that records one task's solve time when it is ready (pass it as `onProgress` or to
   * `handle.subscribe`, with the task's type). Using both on one task records it twice.
   */
  observer(taskType: string | undefined): (progress: TaskProgress) => void;
  /** Called by the client for each task run under this policy: the model's observer for its type. */
  track(taskType: string | undefined): (progress: TaskProgress) => void;
}

/**
 * A policy that learns: {@link hazard}'s planning over a {@link SolveTimeModel} fed with the ready
 * times this client observes, per task type. With no observations it plans for the documented
 * 1–30 s window (so it starts out as `hazard()`); as observations come in, queries move to where
 * this client's tasks actually finish. The budget defaults, as in `hazard`, to what polling every
 * 3 s would spend under the learned distribution, and every delay is clamped by the query budget,
 * the lifetime and the minimum gap, whatever the model says. With `objective: 'median'` the plans
 * are made for the client's traffic as a whole: one median for all the task types it has observed
 * (weighted by how often each is seen) and one price per query, so the budget goes where it makes
 * the most tasks fast (`targetQueries` is then the traffic's mean).
 *
 * The model is fed by the client itself: it reports each task's progress to the policy the task runs
 * under (`track`), and the model records when the task was found ready.
 *
 * @example
 * ```ts
 * const policy = learned();
 * const client = createClient({ apiKey, pollPolicy: policy });
 * const task = { type: 'AntiTurnstileTaskProxyLess', websiteURL, websiteKey } as const;
 * const { solution } = await client.solve(task); // observed: the next plans learn from it
 * // Persist what it learned: JSON.stringify(policy.model), then createSolveTimeModel(JSON.parse(saved)).
 * ```
 */
export function learned(options: LearnedOptions = {}): LearnedPolicy {
  const { model = createSolveTimeModel(), ...planning } = options;
  const perType = hazard({ ...planning, distribution: (taskType, limits) => model.distribution(taskType, limits) });
  // The median of all tasks is planned over the whole traffic; the mean objective keeps each type's own budget.
  const planFor =
    planning.objective === 'median' ? createTrafficPlanner(model, planning, perType.planFor) : perType.planFor;
  const policy: PollPolicy = (ctx) => followPlan(planFor(ctx.taskType, ctx.limits), ctx, planning.minGapMs);
  return Object.assign(policy, {
    planFor,
    model,
    observer: (taskType: string | undefined) => model.observer(taskType),
    track: (taskType: string | undefined) => model.observer(taskType),
  });
}
