import type { TaskHandle, TaskProgress } from '@capkit/core';
import type { SolveJobProgress } from './types.js';

/** The part of a BullMQ job progress reporting needs. */
export type ProgressJob = { updateProgress(progress: SolveJobProgress): Promise<void> };

/** The plain-JSON progress of a task: only what a dashboard or producer needs, no error object. */
export function toJobProgress(progress: TaskProgress): SolveJobProgress {
  const jobProgress: SolveJobProgress = {
    state: progress.state,
    queries: progress.queries,
    maxQueries: progress.maxQueries,
  };
  if (progress.step !== undefined) jobProgress.step = progress.step;
  if (progress.status !== undefined) jobProgress.status = progress.status;
  if (progress.taskId !== undefined) jobProgress.taskId = progress.taskId;
  return jobProgress;
}

/**
 * Reports a task's steps with `job.updateProgress` (BullMQ `progress` events): one write per change of
 * state, status, queries or task id, in order, starting with the step the task is at (`subscribe`
 * calls the listener at once). A failing write never fails the task (its solution is paid for); it
 * goes to `onError`. `flush()` resolves once every write is done.
 */
export function reportProgress(
  handle: TaskHandle,
  job: ProgressJob,
  onError: (error: unknown) => void,
): { flush(): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  let lastSent: string | undefined;
  // Never unsubscribed: a task emits nothing after its last step, and the handle goes away with the job.
  handle.subscribe((progress) => {
    const jobProgress = toJobProgress(progress);
    const json = JSON.stringify(jobProgress);
    if (json === lastSent) return;
    lastSent = json;
    tail = tail.then(() => job.updateProgress(jobProgress)).catch(onError);
  });
  return { flush: () => tail };
}
