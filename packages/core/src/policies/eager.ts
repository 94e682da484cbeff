import { hazard, type HazardOptions, type HazardPolicy } from './hazard.js';

/** The expected queries per task {@link eager} spends by default. */
const EAGER_QUERIES = 15;

/** Options of {@link eager}: {@link hazard}'s, with a larger default budget. */
export type EagerOptions = HazardOptions;

/**
 * Low latency for more queries: {@link hazard}'s planning with a budget of 15 expected queries per
 * task (about two and a half times what the documented ~3 s rhythm spends over the documented
 * 1–30 s window), placed where tasks are likely to have just become ready. Planned for solve times
 * uniform in 1–30 s, that is a median of about 0.4 s from ready to seen (a fixed 3 s loop: about
 * 1.5 s), and a task solved within those 30 s never uses more than 40 queries; every delay is
 * clamped by the 120-query budget, the lifetime and the minimum gap. Pass `targetQueries` to trade
 * further, or a `distribution` that fits your tasks.
 *
 * @example
 * ```ts
 * await client.solve(task, { pollPolicy: eager() });
 * await client.solve(task, { pollPolicy: eager({ targetQueries: 30 }) }); // ~0.2 s for ~30 queries
 * ```
 */
export function eager(options: EagerOptions = {}): HazardPolicy {
  return hazard({ targetQueries: EAGER_QUERIES, ...options });
}
