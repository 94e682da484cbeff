import type { EngineContext } from '../engineContext.js';
import { errorReply, okReply, type EngineReply } from '../reply.js';
import { NO_ERROR } from './serveOutcome.js';

/**
 * `POST /feedbackTask`: records the caller's verdict on a task (visible in `stats().tasks`). Any task
 * the emulator issued is accepted, even after its result expired, since feedback comes after use.
 */
export function feedbackTask(context: EngineContext, body: Record<string, unknown>): EngineReply {
  const task = context.store.get(String(body.taskId));
  if (!task) return errorReply('ERROR_TASKID_INVALID');
  const result = (body.result ?? {}) as { invalid?: unknown; code?: unknown; message?: unknown };
  task.feedback = {
    invalid: result.invalid === true,
    ...(typeof result.code === 'number' ? { code: result.code } : {}),
    ...(typeof result.message === 'string' ? { message: result.message } : {}),
  };
  return okReply({ ...NO_ERROR, message: 'feedback recorded' });
}
