import type { EngineContext } from '../engineContext.js';
import type { ForcedOutcome } from '../outcomes.js';
import { okReply, type EngineReply } from '../reply.js';
import { openTask } from './openTask.js';
import { NO_ERROR, serveOutcome } from './serveOutcome.js';

/**
 * `POST /createTask` (body already authenticated and validated): recognition tasks answer at once with
 * `status: "ready"` and a solution (after a forced solve time, if any); token tasks answer with a
 * `taskId` and `status: "processing"` (`"idle"` with the `idleFraction` switch). The official Python
 * SDK reads that status unconditionally, and python3-capsolver polls only when it is `processing`.
 */
export async function createTask(
  context: EngineContext,
  body: Record<string, unknown>,
  hint: ForcedOutcome | undefined,
): Promise<EngineReply> {
  const opened = openTask(context, body.task as Record<string, unknown>, 'createTask', hint);
  if ('reply' in opened) return opened.reply;
  const { task } = opened;
  if (!task.sync) {
    const status = context.options.idleFraction > 0 ? 'idle' : 'processing';
    return okReply({ ...NO_ERROR, taskId: task.id, status });
  }
  if (task.solveRealMs > 0 && !(await context.clock.sleep(task.solveRealMs))) return { type: 'reset' };
  return serveOutcome(context, task);
}
