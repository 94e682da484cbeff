/** How to pick up a task that is still running on the service after the CLI stopped following it. */
export interface ResumeHint {
  taskId: string;
  createdAt: number;
  queriesUsed: number;
  command: string;
}

/**
 * A task failure with, when the task may still be collected, how to resume it, and when it may exist
 * although its id is unknown (cancelled while createTask was in flight), a note saying so.
 */
export class TaskRunError extends Error {
  override readonly name = 'TaskRunError';
  constructor(
    override readonly cause: unknown,
    readonly resume: ResumeHint | undefined,
    readonly mayExistNote?: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Said when a task is cancelled while its createTask is in flight: it may exist, and its id is unknown. */
export const MAY_EXIST_NOTE =
  'createTask was in flight: the task may exist on the service (and be charged), but its id is unknown, so it ' +
  'cannot be resumed; it was not re-sent.';
