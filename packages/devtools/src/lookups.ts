/**
 * Reads of the layout's own tables. The layout fills every table before it reads it, so a missing
 * entry is a bug in the layout: these throw, naming it, instead of drawing with `undefined`.
 */
export function entryOf<K, V>(table: ReadonlyMap<K, V>, key: K): V {
  const value = table.get(key);
  if (value === undefined) throw new Error(`devtools layout bug: no entry for ${String(key)}.`);
  return value;
}

/** The item at `index`, which the caller's loop keeps within bounds (see {@link entryOf}). */
export function itemAt<T>(items: ArrayLike<T>, index: number): T {
  const value = items[index];
  if (value === undefined) throw new Error(`devtools layout bug: no item ${index} of ${items.length}.`);
  return value;
}
