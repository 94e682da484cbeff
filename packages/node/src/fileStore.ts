import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSavedTask, SavedTaskError, type SerializedTask, type TaskStore } from '@capkit/core';
import { createFileLease } from './fileStoreLease.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** A {@link TaskStore} kept as one JSON file per task in a directory. */
export interface FileStore extends TaskStore {
  /** The directory the task files live in. */
  readonly dir: string;
  /** The path of the file that holds the task with this local key. */
  fileFor(key: string): string;
}

const EXTENSION = '.json';

/** A task file that {@link fileStore} skipped because it is not a record capkit can resume. */
export interface CorruptTaskFile {
  file: string;
  /** What is wrong with it (core's `SavedTaskError` message naming the field, or "not valid JSON"); never its content. */
  problem: string;
}

/** Options of {@link fileStore}. */
export interface FileStoreOptions {
  /**
   * Called for each task file that is not a valid saved task (edited by hand, written by an
   * incompatible version). It is skipped and left in place. Default: `console.warn`.
   */
  onCorrupt?: ((entry: CorruptTaskFile) => void) | undefined;
  /**
   * How long a lease held by a process on another host lasts without renewal (each save renews it)
   * before another process may take the task over. Default 10 minutes (twice a task's lifetime).
   */
  leaseStaleMs?: number | undefined;
}

const warnCorrupt = ({ file, problem }: CorruptTaskFile): void => {
  console.warn(`[capkit] fileStore skipped the unreadable task file "${file}": ${problem}`);
};

/**
 * A crash-safe `TaskStore` for Node: one JSON file per task key in `dir` (created on first save, mode 0700),
 * so a process killed mid-poll can `client.resumePending(store)` after a restart instead of paying for the
 * task again.
 *
 * - Every save is atomic (temporary file, `fsync`, `rename`), so a crash never leaves a torn file.
 * - Saves and removes of one key run in call order; a late save can never resurrect a removed task.
 * - Files hold only the serialized task (no API key: `SerializedTask` never carries one, and a stray
 *   `clientKey` field is dropped before writing). Files are mode 0600.
 * - `list()` skips files it cannot parse (they are not written by this store) rather than failing the resume
 *   of every other task.
 *
 * @example
 * ```ts
 * import { createClient, fileStore } from '@capkit/node';
 *
 * const store = fileStore('.capkit/tasks');
 * const client = createClient({ store });
 * for (const handle of await client.resumePending(store)) {
 *   handle.then((result) => console.log('resumed', result.taskId));
 * }
 * ```
 */
export function fileStore(dir: string, options: FileStoreOptions = {}): FileStore {
  const queues = new Map<string, Promise<void>>();
  const onCorrupt = options.onCorrupt ?? warnCorrupt;
  const lease = createFileLease(options.leaseStaleMs ?? 10 * 60_000);
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => (ready ??= mkdir(dir, { recursive: true, mode: 0o700 }));

  /** Runs `operation` after every earlier operation on the same key, whatever their outcome. */
  const enqueue = (key: string, operation: () => Promise<void>): Promise<void> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(operation);
    queues.set(key, next);
    const forget = () => {
      if (queues.get(key) === next) queues.delete(key);
    };
    next.then(forget, forget);
    return next;
  };

  const fileFor = (key: string) => join(dir, fileNameFor(key));

  /** A valid record filed under its own name, or `undefined` (reported when it is not one of ours). */
  const readTask = async (file: string): Promise<SerializedTask | undefined> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // Removed between readdir and readFile: nothing to resume.
      return undefined;
    }
    try {
      const record = parseSavedTask(JSON.parse(text));
      if (fileFor(record.key) !== file) throw new SavedTaskError('key', 'does not match the file it is in');
      return record;
    } catch (error) {
      onCorrupt({ file, problem: error instanceof SavedTaskError ? error.message : 'not valid JSON' });
      return undefined;
    }
  };

  return {
    dir,
    fileFor,
    save: (task) =>
      enqueue(task.key, async () => {
        await ensureDir();
        const file = fileFor(task.key);
        // Takes (or renews) this process's lease on the task before writing it.
        if (!(await lease.claim(file))) throw new Error(`fileStore: another live process owns task ${task.key}`);
        await writeFileAtomic(file, `${JSON.stringify(withoutClientKey(task), null, 2)}\n`);
      }),
    remove: (key) =>
      enqueue(key, async () => {
        await rm(fileFor(key), { force: true });
        await lease.release(fileFor(key));
      }),
    list: async () => {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      const tasks = await Promise.all(
        names
          .filter((name) => name.endsWith(EXTENSION) && !name.startsWith('.'))
          .map(async (name) => {
            const file = join(dir, name);
            const task = await readTask(file);
            // Only the tasks this process could lease: another live process is polling the others.
            return task && (await lease.claim(file)) ? task : undefined;
          }),
      );
      return tasks.filter((task): task is SerializedTask => task !== undefined);
    },
  };
}

/** Keys that are already safe file names are kept for readability; anything else is hashed. */
function fileNameFor(key: string): string {
  const safe = /^[A-Za-z0-9_-]{1,100}$/.test(key);
  return `${safe ? key : `key-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`}${EXTENSION}`;
}

/** Defence in depth: the key must never reach the disk, even if a caller put it into the task object. */
function withoutClientKey(task: SerializedTask): SerializedTask {
  if (task.task === undefined || !('clientKey' in task.task)) return task;
  const { clientKey: _dropped, ...rest } = task.task as Record<string, unknown>;
  return { ...task, task: rest as SerializedTask['task'] };
}
