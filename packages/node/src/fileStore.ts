import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SerializedTask, TaskStore } from '@capkit/core';
import { writeFileAtomic } from './writeFileAtomic.js';

/** A {@link TaskStore} kept as one JSON file per task in a directory. */
export interface FileStore extends TaskStore {
  /** The directory the task files live in. */
  readonly dir: string;
  /** The path of the file that holds the task with this local key. */
  fileFor(key: string): string;
}

const EXTENSION = '.json';

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
export function fileStore(dir: string): FileStore {
  const queues = new Map<string, Promise<void>>();
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

  return {
    dir,
    fileFor,
    save: (task) =>
      enqueue(task.key, async () => {
        await ensureDir();
        await writeFileAtomic(fileFor(task.key), `${JSON.stringify(withoutClientKey(task), null, 2)}\n`);
      }),
    remove: (key) => enqueue(key, () => rm(fileFor(key), { force: true })),
    list: async () => {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      const tasks = await Promise.all(
        names
          .filter((name) => name.endsWith(EXTENSION) && !name.startsWith('.'))
          .map((name) => readTask(join(dir, name))),
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

async function readTask(file: string): Promise<SerializedTask | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isSerializedTask(parsed) ? parsed : undefined;
  } catch {
    // Removed between readdir and readFile, or not one of ours: neither should block the other tasks.
    return undefined;
  }
}

function isSerializedTask(value: unknown): value is SerializedTask {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const taskOk = record.task === undefined || (typeof record.task === 'object' && record.task !== null);
  return record.version === 1 && typeof record.key === 'string' && typeof record.queries === 'number' && taskOk;
}

/** Defence in depth: the key must never reach the disk, even if a caller put it into the task object. */
function withoutClientKey(task: SerializedTask): SerializedTask {
  if (task.task === undefined || !('clientKey' in task.task)) return task;
  const { clientKey: _dropped, ...rest } = task.task as Record<string, unknown>;
  return { ...task, task: rest as SerializedTask['task'] };
}
