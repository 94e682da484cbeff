import type { SerializedTask, TaskStore } from './types.js';

/**
 * A {@link TaskStore} in memory: for tests, and for a browser tab that only needs `resume` within
 * its own lifetime. Records are copied in and out (structured clone), as a real store would.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const client = createClient({ apiKey, store });
 * ```
 */
export function createMemoryStore(initial: Iterable<SerializedTask> = []): TaskStore & { readonly size: number } {
  const records = new Map<string, SerializedTask>();
  for (const record of initial) records.set(record.key, structuredClone(record));
  return {
    get size() {
      return records.size;
    },
    list: async () => [...records.values()].map((record) => structuredClone(record)),
    save: async (record) => {
      records.set(record.key, structuredClone(record));
    },
    remove: async (key) => {
      records.delete(key);
    },
  };
}
