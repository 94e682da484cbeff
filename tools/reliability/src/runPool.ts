/**
 * Runs `job(0) … job(count - 1)` with at most `concurrency` of them in flight, and resolves with
 * every outcome in index order (never rejects: each outcome is a `PromiseSettledResult`). Bounded so
 * that a soak of thousands of tasks stays within what one machine can serve on time.
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<T>,
): Promise<Array<PromiseSettledResult<T>>> {
  const results = new Array<PromiseSettledResult<T>>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await job(index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
