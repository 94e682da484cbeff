import type { TaskStatus } from '@capkit/api';
import type { Outcome } from './outcomes.js';

/** Everything the emulator knows about one task. Deleted tasks stay (marked) so late queries can be counted. */
export interface TaskRecord {
  id: string;
  type: string;
  /** The method that created it. */
  via: 'createTask' | 'getToken';
  /** Recognition task answered inside createTask. */
  sync: boolean;
  /** Real epoch ms. */
  createdAt: number;
  /** The solve time in service ms, and after `timeScale`. */
  solveServiceMs: number;
  solveRealMs: number;
  outcome: Outcome;
  statuses?: readonly TaskStatus[];
  solution: Record<string, unknown>;
  price: number;
  refunded: boolean;
  /** getTaskResult calls for this id, including the ones that got ERROR_TASKID_INVALID. */
  queries: number;
  /** Real epoch ms when a `ready` answer was first served. */
  readyServedAt?: number;
  /** Real epoch ms when a forced status sequence first reached `ready`. */
  statusReadyAt?: number;
  /** Why the result is gone: the lifetime passed, or the query budget ran out. */
  deleted?: 'expired' | 'budget';
  feedback?: { invalid: boolean; code?: number; message?: string };
}

/** The task table. Insertion order is creation order. */
export interface TaskStore {
  add(record: TaskRecord): void;
  get(id: string): TaskRecord | undefined;
  all(): IterableIterator<TaskRecord>;
  clear(): void;
}

/** Creates an empty task table. */
export function createTaskStore(): TaskStore {
  const tasks = new Map<string, TaskRecord>();
  return {
    add: (record) => void tasks.set(record.id, record),
    get: (id) => tasks.get(id),
    all: () => tasks.values(),
    clear: () => tasks.clear(),
  };
}

/** When the task's result became (or becomes) available, real epoch ms; undefined if it never will. */
export function readyAtOf(task: TaskRecord): number | undefined {
  if (task.outcome !== 'ready') return undefined;
  if (task.statuses) return task.statusReadyAt;
  return task.createdAt + task.solveRealMs;
}
