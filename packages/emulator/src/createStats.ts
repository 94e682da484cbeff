import { METHODS, type ErrorCode } from '@capkit/api';
import { FAULT_KINDS, type ApiMethod, type FaultKind } from './faults.js';
import type { CallbackStats } from './callbacks.js';
import type { Outcome } from './outcomes.js';
import { readyAtOf, type TaskStore } from './createTaskStore.js';

/** One injected fault. */
export interface FaultRecord {
  /** Real epoch ms. */
  at: number;
  method: ApiMethod;
  kind: FaultKind;
  /** From `control.scriptFaults` / `faults.script` rather than the random rate. */
  scripted: boolean;
  /** For faults after processing (resetAfter, malformed, truncated, latency): the task the request created or read. */
  taskId?: string;
}

/** A per-task summary (all times real epoch ms). */
export interface TaskSummary {
  taskId: string;
  type: string;
  via: 'createTask' | 'getToken';
  sync: boolean;
  outcome: Outcome;
  createdAt: number;
  /** When the result became available; absent while solving and for failed outcomes. */
  readyAt?: number;
  /** When a `ready` answer was first served (benchmarks: latency = readyServedAt - readyAt). */
  readyServedAt?: number;
  queries: number;
  solveTimeMs: { service: number; real: number };
  deleted?: 'expired' | 'budget';
  feedback?: { invalid: boolean; code?: number; message?: string };
}

/** A JSON-serializable snapshot of everything the emulator counted since start or the last `reset()`. */
export interface EmulatorStats {
  /** The seed in use (pass it back as `seed` to replay a run). */
  seed: number;
  timeScale: number;
  /** The task lifetime and query budget in force, service and real. */
  limits: { taskLifetimeMs: { service: number; real: number }; maxQueriesPerTask: number };
  /** Requests received per API method, faulted ones included (control endpoints are not counted). */
  requestsByMethod: Record<ApiMethod, number>;
  /** createTask requests received, whatever happened to them. */
  createTaskCalls: number;
  /** Tasks actually created (by createTask or getToken). */
  tasksCreated: number;
  /** getTaskResult calls per task id (every call counts, including the rejected ones). */
  queriesByTask: Record<string, number>;
  createdAtByTask: Record<string, number>;
  /** When each task's result became available (ready outcomes whose time has come). */
  readyAtByTask: Record<string, number>;
  /** When each task's ready result was first served. */
  firstReadyServedAtByTask: Record<string, number>;
  /** Queries for a task whose lifetime had passed (each got ERROR_TASKID_INVALID). */
  queriesAfterExpiry: number;
  /** Queries past the per-task budget (each got ERROR_TASKID_INVALID). */
  queriesOverBudget: number;
  /** Queries for ids the emulator never issued. */
  queriesUnknownTask: number;
  /** Total charged for created tasks, refunds for failed tasks, and what is left. */
  charged: number;
  refunded: number;
  balance: number;
  /** Injected faults, counted by kind (every kind present, zero when none) and listed in order. */
  faultsInjected: Record<FaultKind, number>;
  faults: FaultRecord[];
  /** Error answers sent, by error code (faults included). */
  errorsByCode: Partial<Record<ErrorCode, number>>;
  tasks: TaskSummary[];
  /** Exceptions the emulator caught in itself (always empty unless the emulator has a bug). */
  internalErrors: string[];
  /** Callbacks posted to `callbackUrl`s, with their faults. */
  callbacks: CallbackStats;
}

/** The counters the engine bumps; `snapshot` combines them with the task table. */
export interface StatsCollector {
  request(method: ApiMethod): void;
  fault(record: FaultRecord): void;
  error(code: ErrorCode): void;
  counters: {
    queriesAfterExpiry: number;
    queriesOverBudget: number;
    queriesUnknownTask: number;
    charged: number;
    refunded: number;
  };
  snapshot(context: StatsContext): Omit<EmulatorStats, 'callbacks'>;
  clear(): void;
}

/** What a snapshot needs from the engine. */
export interface StatsContext {
  seed: number;
  timeScale: number;
  taskLifetimeMs: { service: number; real: number };
  maxQueriesPerTask: number;
  balance: number;
  now: number;
  store: TaskStore;
  internalErrors: readonly string[];
}

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** Rounds money to micro-units so float noise (0.1 + 0.2) never shows up in assertions. */
export function roundMoney(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function summarize(store: TaskStore, now: number): TaskSummary[] {
  return [...store.all()].map((task) => {
    const readyAt = readyAtOf(task);
    return {
      taskId: task.id,
      type: task.type,
      via: task.via,
      sync: task.sync,
      outcome: task.outcome,
      createdAt: task.createdAt,
      ...(readyAt !== undefined && readyAt <= now ? { readyAt } : {}),
      ...(task.readyServedAt !== undefined ? { readyServedAt: task.readyServedAt } : {}),
      queries: task.queries,
      solveTimeMs: { service: task.solveServiceMs, real: task.solveRealMs },
      ...(task.deleted ? { deleted: task.deleted } : {}),
      ...(task.feedback ? { feedback: task.feedback } : {}),
    };
  });
}

function byTask(tasks: TaskSummary[], pick: (task: TaskSummary) => number | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const task of tasks) {
    const value = pick(task);
    if (value !== undefined) out[task.taskId] = value;
  }
  return out;
}

/** Creates an empty collector. */
export function createStats(): StatsCollector {
  let requestsByMethod = zeroed(METHODS);
  let faultsInjected = zeroed(FAULT_KINDS);
  let faults: FaultRecord[] = [];
  let errorsByCode: Partial<Record<ErrorCode, number>> = {};
  const counters = { queriesAfterExpiry: 0, queriesOverBudget: 0, queriesUnknownTask: 0, charged: 0, refunded: 0 };

  return {
    counters,
    request: (method) => void (requestsByMethod[method] += 1),
    fault: (record) => {
      faultsInjected[record.kind] += 1;
      faults.push(record);
    },
    error: (code) => void (errorsByCode[code] = (errorsByCode[code] ?? 0) + 1),
    snapshot: (context) => {
      const tasks = summarize(context.store, context.now);
      return {
        seed: context.seed,
        timeScale: context.timeScale,
        limits: { taskLifetimeMs: context.taskLifetimeMs, maxQueriesPerTask: context.maxQueriesPerTask },
        requestsByMethod: { ...requestsByMethod },
        createTaskCalls: requestsByMethod.createTask,
        tasksCreated: tasks.length,
        queriesByTask: byTask(tasks, (task) => task.queries),
        createdAtByTask: byTask(tasks, (task) => task.createdAt),
        readyAtByTask: byTask(tasks, (task) => task.readyAt),
        firstReadyServedAtByTask: byTask(tasks, (task) => task.readyServedAt),
        queriesAfterExpiry: counters.queriesAfterExpiry,
        queriesOverBudget: counters.queriesOverBudget,
        queriesUnknownTask: counters.queriesUnknownTask,
        charged: roundMoney(counters.charged),
        refunded: roundMoney(counters.refunded),
        balance: roundMoney(context.balance),
        faultsInjected: { ...faultsInjected },
        faults: faults.map((fault) => ({ ...fault })),
        errorsByCode: { ...errorsByCode },
        tasks,
        internalErrors: [...context.internalErrors],
      };
    },
    clear: () => {
      requestsByMethod = zeroed(METHODS);
      faultsInjected = zeroed(FAULT_KINDS);
      faults = [];
      errorsByCode = {};
      Object.assign(counters, {
        queriesAfterExpiry: 0,
        queriesOverBudget: 0,
        queriesUnknownTask: 0,
        charged: 0,
        refunded: 0,
      });
    },
  };
}
