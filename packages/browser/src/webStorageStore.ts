import { ConfigurationError, type SerializedTask, type TaskStore } from '@capkit/core';
import { parseStoredTask, pickStoredFields } from './parseStoredTask.js';

/** An unreadable entry that {@link webStorageStore} skipped. */
export interface CorruptEntry {
  /** The Web Storage key of the entry (prefix included). */
  storageKey: string;
  /** What is wrong with it. Never the stored text itself. */
  problem: string;
}

/** Options of {@link webStorageStore}. */
export interface WebStorageStoreOptions {
  /** Prefix of this store's Web Storage keys; other keys are never read or touched. Default `'capkit:task:'`. */
  prefix?: string | undefined;
  /**
   * Called for each entry under the prefix that is not a task record (edited by hand, written by an
   * incompatible version, truncated). The entry is skipped and left in place. Default: `console.warn`.
   */
  onCorrupt?: ((entry: CorruptEntry) => void) | undefined;
}

/** The default key prefix of {@link webStorageStore}. */
export const DEFAULT_STORAGE_PREFIX = 'capkit:task:';

const warnCorrupt = ({ storageKey, problem }: CorruptEntry): void => {
  console.warn(`[capkit] webStorageStore skipped the unreadable entry "${storageKey}": ${problem}.`);
};

/** `sessionStorage`, or a configuration error that says why there is none. */
function defaultStorage(): Storage {
  let storage: Storage | undefined;
  try {
    storage = globalThis.sessionStorage;
  } catch {
    // Reading `sessionStorage` throws a SecurityError where storage is blocked (sandboxed iframes, privacy settings).
  }
  if (!storage) {
    throw new ConfigurationError(
      'webStorageStore(): sessionStorage is not available here; pass a Storage, e.g. webStorageStore(localStorage).',
    );
  }
  return storage;
}

/** The Web Storage keys that start with `prefix`, read before any removal can shift the indexes. */
function keysWithPrefix(storage: Storage, prefix: string): string[] {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/**
 * A core {@link TaskStore} over Web Storage: the client saves each unfinished task after every step,
 * so after a page reload `client.resumePending(store)` continues it with its remaining query budget
 * and lifetime, without creating (or paying for) it again.
 *
 * Records are JSON under `<prefix><record key>`. They never hold the API key (core never serializes it,
 * and only the known record fields are written). Unreadable entries are skipped and reported through
 * `onCorrupt`. A failed write (e.g. a full storage) makes the client log a warning; the task goes on.
 *
 * `sessionStorage` (the default) is per tab, so each tab resumes only its own tasks. With
 * `localStorage`, every open tab sees every task: resume them from one tab only.
 *
 * @example
 * ```ts
 * import { createClient, webStorageStore } from '@capkit/browser';
 *
 * const store = webStorageStore(sessionStorage, { prefix: 'checkout:' });
 * const client = createClient({ proxyUrl: '/api/capsolver', store });
 * for (const handle of await client.resumePending()) {
 *   handle.then(({ solution }) => console.log('resumed', handle.taskId, solution));
 * }
 * ```
 */
export function webStorageStore(storage: Storage = defaultStorage(), options: WebStorageStoreOptions = {}): TaskStore {
  if (!storage || typeof storage.getItem !== 'function') {
    throw new ConfigurationError('webStorageStore() needs a Web Storage object (sessionStorage or localStorage).');
  }
  const prefix = options.prefix ?? DEFAULT_STORAGE_PREFIX;
  if (prefix === '')
    throw new ConfigurationError('webStorageStore(): prefix must not be empty; it keeps other keys out of reach.');
  const onCorrupt = options.onCorrupt ?? warnCorrupt;

  return {
    async list(): Promise<SerializedTask[]> {
      const tasks: SerializedTask[] = [];
      for (const storageKey of keysWithPrefix(storage, prefix)) {
        const raw = storage.getItem(storageKey);
        if (raw === null) continue;
        const parsed = parseStoredTask(raw, storageKey.slice(prefix.length));
        if ('task' in parsed) tasks.push(parsed.task);
        else onCorrupt({ storageKey, problem: parsed.problem });
      }
      return tasks;
    },
    async save(task: SerializedTask): Promise<void> {
      storage.setItem(prefix + task.key, JSON.stringify(pickStoredFields(task)));
    },
    async remove(key: string): Promise<void> {
      storage.removeItem(prefix + key);
    },
  };
}
