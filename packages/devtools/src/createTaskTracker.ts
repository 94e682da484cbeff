import type { InspectionEvent } from 'xstate';
import { toTaskRecord, type TaskRecord, type TaskSnapshotLike } from './toTaskRecord.js';

/** Options of {@link createTaskTracker}. */
export interface TaskTrackerOptions {
  /** Only actors running a machine with this id are tracked (the client's child actors are not tasks). */
  machineId: string;
  /** Clock for `remainingMs`; pass the client's `now` when it uses a simulated one. Default `Date.now`. */
  now?: () => number;
  /** How many finished tasks stay listed; the oldest finished go first. Default 50. */
  maxFinished?: number;
  /** Called with every new or changed record. */
  onRecord?: (record: TaskRecord) => void;
  /** Called with the id of a record that was dropped. */
  onRemove?: (id: string) => void;
}

/** Turns a client's inspection events into one {@link TaskRecord} per task. */
export interface TaskTracker {
  /** Pass as the client's `inspect` option (or call it from yours). */
  inspect: (event: InspectionEvent) => void;
  /** Current records, oldest first. */
  records: () => TaskRecord[];
  /** Adds or replaces a record made elsewhere (another process's tracker, via `connectVisualizer`). */
  put: (record: TaskRecord) => void;
  /** Drops a record by id. */
  remove: (id: string) => void;
}

interface ActorLike {
  id?: unknown;
  sessionId?: unknown;
  logic?: unknown;
}

/**
 * Follows every task actor a client runs, through XState inspection events: each `@xstate.snapshot`
 * of an actor whose machine is the task machine updates that task's record (state, queries, time
 * left, status); child actors (the promise actors doing the HTTP calls) and the other event kinds
 * carry nothing a record needs and are ignored. Records are redacted by construction (see
 * {@link TaskRecord}).
 *
 * @example
 * ```ts
 * const tracker = createTaskTracker({ machineId: taskMachine.id, onRecord: (r) => console.log(r.state) });
 * const client = createClient({ apiKey, inspect: tracker.inspect });
 * ```
 */
export function createTaskTracker(options: TaskTrackerOptions): TaskTracker {
  const now = options.now ?? Date.now;
  const maxFinished = options.maxFinished ?? 50;
  // Each task runs in its own actor system, so session ids repeat (`x:0`); the actor object does not.
  const idOf = new WeakMap<object, string>();
  const records = new Map<string, TaskRecord>();
  let count = 0;

  const remove = (id: string) => {
    if (records.delete(id)) options.onRemove?.(id);
  };

  const update = (actor: ActorLike & object, snapshot: TaskSnapshotLike) => {
    let id = idOf.get(actor);
    if (id === undefined) idOf.set(actor, (id = `task-${++count}`));
    const key = typeof actor.id === 'string' && actor.id !== actor.sessionId ? actor.id : undefined;
    put(toTaskRecord(snapshot, { id, ...(key === undefined ? {} : { key }) }, now()));
  };

  const put = (record: TaskRecord) => {
    if (sameRecord(records.get(record.id), record)) return;
    dropResumedCopies(record);
    records.delete(record.id);
    records.set(record.id, record);
    options.onRecord?.(record);
    if (record.status !== 'active') evictFinished();
  };

  /** A resumed task runs in a new actor: its finished or stopped predecessor is the same task. */
  const dropResumedCopies = (record: TaskRecord) => {
    for (const other of records.values()) {
      if (other.id === record.id) continue;
      const same =
        (record.taskId !== undefined && other.taskId === record.taskId) ||
        (record.key !== undefined && other.key === record.key);
      if (same && other.status !== 'active') remove(other.id);
    }
  };

  const evictFinished = () => {
    const finished = [...records.values()].filter((record) => record.status !== 'active');
    for (const record of finished.slice(0, Math.max(0, finished.length - maxFinished))) remove(record.id);
  };

  return {
    inspect(event) {
      const actor = event.actorRef as (ActorLike & object) | undefined;
      if (event.type !== '@xstate.snapshot' || !actor || machineIdOf(actor.logic) !== options.machineId) return;
      update(actor, event.snapshot as unknown as TaskSnapshotLike);
    },
    records: () => [...records.values()],
    put,
    remove,
  };
}

function machineIdOf(logic: unknown): string | undefined {
  if (typeof logic !== 'object' || logic === null || !('id' in logic) || !('root' in logic)) return undefined;
  return typeof logic.id === 'string' ? logic.id : undefined;
}

/** Records differ when anything but the clock-driven fields does (the page counts time down itself). */
function sameRecord(a: TaskRecord | undefined, b: TaskRecord): boolean {
  if (!a) return false;
  const { updatedAt: _a, remainingMs: _ra, ...restA } = a;
  const { updatedAt: _b, remainingMs: _rb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB) && (_ra === null) === (_rb === null);
}
