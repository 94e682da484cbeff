/** Where a task's actor is: running, or stopped for good and why. */
export type TaskRecordStatus = 'active' | 'done' | 'error' | 'stopped';

/**
 * What the visualizer knows about one task — and all it ever forwards. Built field by field from a
 * machine snapshot, so nothing else from the context (task parameters, solution, the API key,
 * error messages) can reach the page.
 */
export interface TaskRecord {
  /** Stable per task actor for the tracker's lifetime (`task-1`, `task-2`, …). */
  id: string;
  /** The client's local id, when the actor was created with it as its id. */
  key?: string;
  /** The CapSolver taskId, once `createTask` answered. */
  taskId?: string;
  /** The task type (`'ReCaptchaV2TaskProxyLess'`); the only task parameter ever forwarded. */
  type: string;
  /** Active leaf states as dotted paths (`['waiting']`, `['polling.waiting']`); ancestors are implied. */
  state: string[];
  /** `getTaskResult` requests sent so far. */
  queries: number;
  /** The query budget (`limits.maxQueriesPerTask`, 120 by default). */
  maxQueries: number;
  /** Milliseconds left of the task's lifetime (`createdAt + taskLifetimeMs - now`), once it was created. */
  remainingMs: number | null;
  status: TaskRecordStatus;
  /** The failed task's error code (`ERROR_ZERO_BALANCE`, `TIMEOUT`), never its message. */
  errorCode?: string;
  /** Epoch ms when this record was made (by the tracker's clock). */
  updatedAt: number;
}

/** The parts of an XState machine snapshot a record is made from. */
export interface TaskSnapshotLike {
  value: unknown;
  context?: unknown;
  status?: string;
}

const MAX_TEXT = 120;

/**
 * Reads one snapshot of a task machine into a {@link TaskRecord}. It knows the context of capkit's
 * task machine (`taskType`/`task.type`, `taskId`, `queries`, `createdAt`, `limits`) and copies only
 * primitives of the expected type; everything else is dropped.
 */
export function toTaskRecord(
  snapshot: TaskSnapshotLike,
  identity: { id: string; key?: string },
  now: number,
): TaskRecord {
  const context = isObject(snapshot.context) ? snapshot.context : {};
  const taskId = text(context.taskId);
  const task = isObject(context.task) ? context.task : {};
  const limits = isObject(context.limits) ? context.limits : {};
  const errorCode = codeOf(context.error);
  return {
    id: identity.id,
    ...(identity.key === undefined ? {} : { key: identity.key.slice(0, MAX_TEXT) }),
    ...(taskId === undefined ? {} : { taskId }),
    type: text(context.taskType) ?? text(task.type) ?? 'unknown',
    state: leafPaths(snapshot.value),
    queries: count(context.queries) ?? 0,
    maxQueries: count(limits.maxQueriesPerTask) ?? count(context.maxQueries) ?? 0,
    remainingMs: remaining(context, limits, now),
    status: recordStatus(snapshot.status),
    ...(errorCode === undefined ? {} : { errorCode }),
    updatedAt: now,
  };
}

/** `{ polling: 'waiting' }` -> `['polling.waiting']`; parallel states give one path per region. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (!isObject(value)) return [];
  const entries = Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    return isObject(child) && Object.keys(child).length === 0 ? [path] : leafPaths(child, `${path}.`);
  });
}

/** The lifetime runs from `createdAt` (when `createTask` was sent); unknown before that. */
function remaining(context: Record<string, unknown>, limits: Record<string, unknown>, now: number): number | null {
  const createdAt = count(context.createdAt);
  const lifetime = count(limits.taskLifetimeMs);
  if (createdAt === undefined || lifetime === undefined) return null;
  return Math.max(0, createdAt + lifetime - now);
}

/** Only a code-shaped `code` (`ERROR_ZERO_BALANCE`) is copied: messages can quote anything. */
function codeOf(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined;
}

function recordStatus(status: string | undefined): TaskRecordStatus {
  return status === 'done' || status === 'error' || status === 'stopped' ? status : 'active';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_TEXT) : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
