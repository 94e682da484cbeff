/** Counts of the resources keeping the event loop alive, by type (`Timeout`, `TCPSocketWrap`, …). */
export type ResourceCounts = Record<string, number>;

/** The current {@link ResourceCounts} (`process.getActiveResourcesInfo()`, tallied). */
export function activeResources(): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The resources present now beyond `baseline` (only the types that grew). */
export function resourcesAbove(baseline: ResourceCounts, now: ResourceCounts = activeResources()): ResourceCounts {
  const extra: ResourceCounts = {};
  for (const [type, count] of Object.entries(now)) {
    const grown = count - (baseline[type] ?? 0);
    if (grown > 0) extra[type] = grown;
  }
  return extra;
}

/**
 * Waits up to `timeoutMs` for the process to drop back to `baseline` and returns what is still above
 * it (empty when nothing leaked). Closing a socket or clearing a timer takes effect a few ticks later,
 * so one immediate look would report leaks that are only in flight.
 */
export async function leakedResources(
  baseline: ResourceCounts,
  timeoutMs = 2_000,
  types?: readonly string[],
): Promise<ResourceCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const extra = resourcesAbove(baseline);
    const relevant = types ? Object.fromEntries(Object.entries(extra).filter(([type]) => types.includes(type))) : extra;
    if (Object.keys(relevant).length === 0 || Date.now() >= deadline) return relevant;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
