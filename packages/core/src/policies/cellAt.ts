/**
 * The value at `index` of a planner's grid or schedule. Planners index their arrays within bounds by
 * construction; a read outside them is a planner bug, so it throws instead of computing with `undefined`.
 */
export function cellAt<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`Planner read outside its grid: index ${index} of ${values.length}.`);
  return value;
}
