import type { TaskStatus } from '@capkit/api';
import type { TaskRecord } from '../createTaskStore.js';
import type { EngineContext } from '../engineContext.js';
import { failureCode } from '../outcomes.js';
import { errorReply, okReply, type EngineReply } from '../reply.js';
import { refund } from '../refund.js';

/** The success envelope's empty error fields, as the service sends them. */
export const NO_ERROR = { errorCode: '', errorDescription: '' } as const;

/** `idle`/`processing` while the task is being solved. */
export function pendingReply(task: TaskRecord, status: TaskStatus): EngineReply {
  return okReply({ ...NO_ERROR, taskId: task.id, status });
}

/**
 * The final answer of a task: `ready` with its solution, or the error of its failed outcome (with
 * `status: "failed"` when a forced status sequence says so). Records when a ready result is first
 * served (at `now`), and refunds failed tasks.
 */
export function serveOutcome(
  context: EngineContext,
  task: TaskRecord,
  failedStatus = false,
  now = context.clock.now(),
): EngineReply {
  const code = failureCode(task.outcome);
  if (code === undefined && !failedStatus) {
    task.readyServedAt ??= now;
    return okReply({ ...NO_ERROR, taskId: task.id, status: 'ready', solution: task.solution });
  }
  refund(context, task);
  const extra = { taskId: task.id, ...(failedStatus ? { status: 'failed' } : {}) };
  return errorReply(code ?? 'ERROR_CAPTCHA_UNSOLVABLE', undefined, undefined, extra);
}
