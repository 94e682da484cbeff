import type { EngineContext } from '../engineContext.js';
import type { ForcedOutcome } from '../outcomes.js';
import type { EngineReply } from '../reply.js';
import { openTask } from './openTask.js';
import { serveOutcome } from './serveOutcome.js';

/**
 * `POST /getToken`: creates the task, holds the request open for its (scaled) solve time and answers
 * with the solution or the failure, so no polling is needed. Only types the spec marks
 * getToken-capable get here (validation refuses the others).
 */
export async function getToken(
  context: EngineContext,
  body: Record<string, unknown>,
  hint: ForcedOutcome | undefined,
): Promise<EngineReply> {
  const opened = openTask(context, body.task as Record<string, unknown>, 'getToken', hint);
  if ('reply' in opened) return opened.reply;
  if (!(await context.clock.sleep(opened.task.solveRealMs))) return { type: 'reset' };
  return serveOutcome(context, opened.task);
}
