import { createShareProgram, type MixtureComponent, type ShareProgram } from '@capkit/core';

/** The lowest median latency found for a query budget. */
export interface FrontierPoint {
  /** Expected queries per task spent. */
  queries: number;
  /** The lowest median latency (ms after ready) any poll schedule was found to reach with them. */
  medianMs: number;
}

/** The largest share of tasks seen within x ms, over all schedules spending at most `budget` queries per task. */
function shareWithin(programs: ReadonlyArray<{ weight: number; program: ShareProgram }>, x: number, budget: number): number {
  const total = programs.reduce((sum, entry) => sum + entry.weight, 0);
  // The Lagrangian decomposes over task types: one price, one schedule per type (core's share program).
  const at = (price: number) =>
    programs.reduce(
      (sum, entry) => {
        const result = entry.program(x, price);
        return { share: sum.share + (entry.weight / total) * result.share, queries: sum.queries + (entry.weight / total) * result.queries };
      },
      { share: 0, queries: 0 },
    );
  let low = 0;
  let high = 1;
  if (at(low).queries <= budget) return at(low).share;
  while (at(high).queries > budget && high < 1e6) high *= 4;
  for (let round = 0; round < 30; round += 1) {
    const middle = (low + high) / 2;
    if (at(middle).queries <= budget) high = middle;
    else low = middle;
  }
  return at(high).share;
}

/**
 * The lowest median latency found for each query budget, for traffic made of `components` (each
 * task type with its own schedule): for a candidate median x, a dynamic program finds the schedule
 * that sees the most tasks within x ms for the budget (by Lagrangian relaxation of the budget, so a
 * budget between two optimal schedules is rounded to the cheaper one); x is bisected until half the
 * tasks are seen in time. Queries are at least `gapMs` apart and keep coming until the horizon.
 * Network time is left out. It is a yardstick for the targets, not a policy: a median-only schedule
 * may leave its slowest tasks waiting long.
 */
export function medianFrontier(
  components: readonly MixtureComponent[],
  budgets: readonly number[],
  options: { horizonMs: number; gapMs: number; cells?: number },
): FrontierPoint[] {
  const programs = components.map((component) => ({
    weight: component.weight,
    program: createShareProgram(component.distribution, { horizonMs: options.horizonMs, minGapMs: options.gapMs, cells: options.cells ?? 300 }),
  }));
  return budgets.map((budget) => {
    let low = 0;
    let high = options.horizonMs;
    for (let round = 0; round < 22; round += 1) {
      const middle = (low + high) / 2;
      if (shareWithin(programs, middle, budget) >= 0.5) high = middle;
      else low = middle;
    }
    return { queries: budget, medianMs: high };
  });
}

/** The frontier's median at `queries` (linear between points; the last point beyond). */
export function frontierAt(points: readonly FrontierPoint[], queries: number): number | undefined {
  const sorted = [...points].sort((a, b) => a.queries - b.queries);
  if (sorted.length === 0 || queries < sorted[0]!.queries) return undefined;
  for (let index = 1; index < sorted.length; index += 1) {
    const [a, b] = [sorted[index - 1]!, sorted[index]!];
    if (queries <= b.queries) return a.medianMs + ((queries - a.queries) / (b.queries - a.queries)) * (b.medianMs - a.medianMs);
  }
  return sorted.at(-1)!.medianMs;
}
