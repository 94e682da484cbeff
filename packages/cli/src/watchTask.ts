import { AbortedError, CapSolverError, retryAdvice, type SolveResult, type TaskHandle } from '@capkit/core';
import type { CommandContext } from './CommandContext.js';
import { createProgressRenderer, progressModeFor } from './createProgressRenderer.js';
import { MAY_EXIST_NOTE, TaskRunError, type ResumeHint } from './TaskRunError.js';

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
  // Log lines (retries) go above the progress display while it owns the terminal.
  context.logger.route((line) => renderer.note(line));
  let announced = false;
  let lastState: string | undefined;
  const unsubscribe = handle.subscribe((progress) => {
    // The id is printed the moment it is known: whatever happens next, the paid task can be found.
    if (progress.taskId && !announced) {
      announced = true;
      renderer.note(`task ${progress.taskId} created`);
    }
    if (!progress.done) lastState = progress.state;
    renderer.update('task', progress);
  });
  try {
    const result = await handle.result;
    renderer.finish('task', { ok: true, text: 'solved', queries: result.queries, elapsedMs: result.elapsedMs });
    return result;
  } catch (error) {
    renderer.finish('task', {
      ok: false,
      text: error instanceof Error && 'code' in error ? String(error.code) : 'failed',
    });
    const mayExist = error instanceof AbortedError && lastState === 'creating' && !handle.taskId;
    throw new TaskRunError(error, resumeHintFor(handle, error), mayExist ? MAY_EXIST_NOTE : undefined);
  } finally {
    unsubscribe();
    context.logger.route(undefined);
    renderer.stop();
  }
}

/** A hint only makes sense when the task may still be alive on the service (core's {@link retryAdvice}). */
function resumeHintFor(handle: TaskHandle, error: unknown): ResumeHint | undefined {
  if (!(error instanceof CapSolverError) || !retryAdvice(error).resumable) return undefined;
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
