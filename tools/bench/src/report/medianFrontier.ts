import { planTrafficMedian, type MixtureComponent } from '@capkit/core/planning';

/** The lowest median latency found for a query budget. */
export interface FrontierPoint {
  /** Expected queries per task spent. */
  queries: number;
  /** The lowest median latency (ms after ready) any poll schedule was found to reach with them. */
  medianMs: number;
}

/**
 * The lowest median latency found for each query budget, for traffic made of `components` (each
 * task type with its own schedule): core's traffic-wide median planning (`planTrafficMedian`: one
 * bound and one price per query for all types, by dynamic programming) at exactly half the tasks and
 * with no longest gap. A budget between two best schedules is met by a share of the tasks on the denser
 * one, as capkit's median plans do. Queries are at least `gapMs` apart and keep coming until the horizon.
 * Network time is left out. It is a yardstick for the targets, not a policy: a median-only schedule
 * may leave its slowest tasks waiting long.
 */
export function medianFrontier(
  components: readonly MixtureComponent[],
  budgets: readonly number[],
  options: { horizonMs: number; gapMs: number; cells?: number },
): FrontierPoint[] {
  const traffic = components.map((component) => ({ ...component, horizonMs: options.horizonMs }));
  return budgets.map((budget) => {
    const [plan] = planTrafficMedian(traffic, {
      share: 0.5,
      minGapMs: options.gapMs,
      cells: options.cells ?? 300,
      targetQueries: budget,
    });
    return { queries: budget, medianMs: plan?.medianLatencyMs ?? Number.NaN };
  });
}

/** The frontier's median at `queries` (linear between points; the last point beyond). */
export function frontierAt(points: readonly FrontierPoint[], queries: number): number | undefined {
  const sorted = [...points].sort((a, b) => a.queries - b.queries);
  const [first] = sorted;
  if (!first || queries < first.queries) return undefined;
  let a = first;
  for (const b of sorted.slice(1)) {
    if (queries <= b.queries)
      return a.medianMs + ((queries - a.queries) / (b.queries - a.queries)) * (b.medianMs - a.medianMs);
    a = b;
  }
  return a.medianMs;
}
