import { LIMITS } from '@capkit/api';
import type { TaskRecord } from '../createTaskStore.js';
import type { EngineContext } from '../engineContext.js';
import { errorReply, type EngineReply } from '../reply.js';
import { pendingReply, serveOutcome } from './serveOutcome.js';

function gone(context: EngineContext, task: TaskRecord, reason: NonNullable<TaskRecord['deleted']>): EngineReply {
  task.deleted = reason;
  if (reason === 'expired') context.stats.counters.queriesAfterExpiry += 1;
  else context.stats.counters.queriesOverBudget += 1;
  return errorReply('ERROR_TASKID_INVALID', undefined, undefined, { taskId: task.id });
}

function fromStatuses(
  context: EngineContext,
  task: TaskRecord,
  statuses: NonNullable<TaskRecord['statuses']>,
): EngineReply {
  const status = statuses[Math.min(task.queries, statuses.length) - 1] ?? 'processing';
  if (status === 'ready') {
    // One reading of the clock: the task turns ready as this answer is served, so both stats agree.
    const now = context.clock.now();
    task.statusReadyAt ??= now;
    return serveOutcome(context, task, false, now);
  }
  if (status === 'failed') return serveOutcome(context, task, true);
  return pendingReply(task, status);
}

/**
 * `POST /getTaskResult`. Every call counts against the task's budget. The query after
 * `LIMITS.maxQueriesPerTask`, and any query once `LIMITS.taskLifetimeMs` (scaled) has passed since
 * creation, gets ERROR_TASKID_INVALID and deletes the result for good, as the service does.
 */
export function getTaskResult(context: EngineContext, body: Record<string, unknown>): EngineReply {
  const task = context.store.get(String(body.taskId));
  if (!task) {
    context.stats.counters.queriesUnknownTask += 1;
    return errorReply('ERROR_TASKID_INVALID');
  }
  task.queries += 1;
  if (task.deleted) return gone(context, task, task.deleted);
  const elapsed = context.clock.now() - task.createdAt;
  if (elapsed >= context.lifetimeRealMs) return gone(context, task, 'expired');
  if (task.queries > LIMITS.maxQueriesPerTask) return gone(context, task, 'budget');
  if (task.statuses) return fromStatuses(context, task, task.statuses);
  if (elapsed >= task.solveRealMs) return serveOutcome(context, task);
  // `idle` (queued) only when the idleFraction switch asks for it: the service reports `processing`.
  return pendingReply(task, elapsed < task.solveRealMs * context.options.idleFraction ? 'idle' : 'processing');
}
