import { AbortedError, TransportError, type SolveResult, type TaskHandle } from '@capkit/core';
import type { CommandContext } from './CommandContext.js';
import { createProgressRenderer, progressModeFor } from './createProgressRenderer.js';
import { TaskRunError, type ResumeHint } from './TaskRunError.js';

/**
 * Follows a running task with a progress renderer on stderr (live on a TTY, plain lines otherwise,
 * nothing with `--json`) and resolves with its result. When it fails while the task may still be
 * solving (Ctrl-C, `--timeout`, a network failure), the error carries a `capkit result …` command that
 * continues it within its remaining budget.
 */
export async function watchTask(handle: TaskHandle, label: string, context: CommandContext): Promise<SolveResult> {
  const stream = context.io.stderr;
  const renderer = await createProgressRenderer({
    stream,
    mode: progressModeFor(stream, { json: context.globals.json, color: context.globals.color }),
    color: context.globals.color,
    redact: (text) => context.redactor.string(text),
  });
  renderer.start('task', label);
  const unsubscribe = handle.subscribe((progress) => renderer.update('task', progress));
  try {
    const result = await handle.result;
    renderer.finish('task', { ok: true, text: 'solved', queries: result.queries, elapsedMs: result.elapsedMs });
    return result;
  } catch (error) {
    renderer.finish('task', {
      ok: false,
      text: error instanceof Error && 'code' in error ? String(error.code) : 'failed',
    });
    throw new TaskRunError(error, resumeHintFor(handle, error));
  } finally {
    unsubscribe();
    renderer.stop();
  }
}

/** A hint only makes sense when the task exists and was merely left, not refused by the service. */
function resumeHintFor(handle: TaskHandle, error: unknown): ResumeHint | undefined {
  if (!(error instanceof AbortedError || error instanceof TransportError)) return undefined;
  const serialized = handle.serialize();
  if (!serialized.taskId || serialized.createdAt === undefined) return undefined;
  const { taskId, createdAt, queries } = serialized;
  return {
    taskId,
    createdAt,
    queriesUsed: queries,
    command: `capkit result ${taskId} --created-at ${createdAt} --queries-used ${queries}`,
  };
}
