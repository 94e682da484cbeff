import { createMemoryStore, type SerializedTask, type TaskStore } from '@capkit/core';

/** A store whose writes take a while, and what a crash at this moment would leave of it. */
export interface SlowStore extends TaskStore {
  /** The records as written so far: what a process killed now would find on restart. */
  persisted(): Promise<SerializedTask[]>;
}

/**
 * A memory store whose every `save` takes `writeMs` to land, like a fileStore on a busy disk
 * (`fsync`) or a store across the network. Lets a test "crash" in-process: `persisted()` is what a
 * restarted process would read, whatever writes were still on their way.
 */
export function createSlowStore(writeMs: number): SlowStore {
  const landed = createMemoryStore();
  const later = (write: () => Promise<void>) =>
    new Promise<void>((resolve, reject) => setTimeout(() => write().then(resolve, reject), writeMs));
  return {
    list: () => landed.list(),
    save: (task) => later(() => landed.save(task)),
    remove: (key) => later(() => landed.remove(key)),
    persisted: () => landed.list(),
  };
}
