/** How to pick up a task that is still running on the service after the CLI stopped following it. */
export interface ResumeHint {
  taskId: string;
  createdAt: number;
  queriesUsed: number;
  command: string;
}

/** A task failure with, when the task may still be collected, how to resume it. */
export class TaskRunError extends Error {
  override readonly name = 'TaskRunError';
  constructor(
    override readonly cause: unknown,
    readonly resume: ResumeHint | undefined,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
