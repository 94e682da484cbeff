import type { TaskRecord, TaskRecordStatus } from './toTaskRecord.js';

const MAX_TEXT = 120;
const STATUSES: readonly TaskRecordStatus[] = ['active', 'done', 'error', 'stopped'];

/**
 * Checks a record another process sent (see `connectVisualizer`) and rebuilds it field by field:
 * only the {@link TaskRecord} fields, of their types, bounded in length. Anything else is dropped;
 * a record without a valid id, type, state or status is refused (`undefined`).
 */
export function parseTaskRecord(value: unknown): TaskRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const input: Record<string, unknown> = { ...value };
  const id = text(input.id);
  const type = text(input.type);
  const status = STATUSES.find((s) => s === input.status);
  const state = Array.isArray(input.state) ? input.state.map(text).filter((s) => s !== undefined) : undefined;
  if (id === undefined || type === undefined || status === undefined || state === undefined) return undefined;
  const key = text(input.key);
  const taskId = text(input.taskId);
  const errorCode = typeof input.errorCode === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(input.errorCode);
  return {
    id,
    ...(key === undefined ? {} : { key }),
    ...(taskId === undefined ? {} : { taskId }),
    type,
    state: state.slice(0, 16),
    queries: count(input.queries),
    maxQueries: count(input.maxQueries),
    remainingMs: typeof input.remainingMs === 'number' ? count(input.remainingMs) : null,
    status,
    ...(errorCode && typeof input.errorCode === 'string' ? { errorCode: input.errorCode } : {}),
    updatedAt: count(input.updatedAt),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_TEXT) : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
