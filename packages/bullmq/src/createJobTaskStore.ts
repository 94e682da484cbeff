import { parseSavedTask, type SerializedTask, type TaskStore } from '@capkit/core';
import type { Job } from 'bullmq';
import type { SolveJobCheckpoint, SolveJobData } from './types.js';

/** The part of a BullMQ job the store needs (a `Job<SolveJobData>` fits). */
export type CheckpointJob = Pick<Job<SolveJobData, unknown, string>, 'data' | 'updateData'>;

/**
 * A capkit {@link TaskStore} that keeps one task inside one BullMQ job (`job.data.checkpoint`), written
 * with `job.updateData`. The job is the unit that moves between workers, so the task's snapshot moves
 * with it: whichever worker picks the job up next reads the task id, queries used and creation time.
 *
 * `remove` does not erase the snapshot: it marks it `settled`. A task that has ended must still be
 * recognisable as "already created" if the worker dies before BullMQ records the job's outcome;
 * erasing it would make the next worker create (and pay for) the task again.
 *
 * @example
 * ```ts
 * // Collect the task of a job whose worker died, outside any worker:
 * const [handle] = await client.resumePending(createJobTaskStore(job));
 * ```
 */
export function createJobTaskStore(job: CheckpointJob): TaskStore {
  const checkpoint = (): SolveJobCheckpoint => job.data.checkpoint ?? {};
  const write = (next: SolveJobCheckpoint) => job.updateData({ ...job.data, checkpoint: next });
  return {
    async list() {
      const { snapshot, settled } = checkpoint();
      // Validated like any saved record (a SavedTaskError names the wrong field); a copy with only its fields.
      return snapshot && !settled ? [parseSavedTask(structuredClone(snapshot))] : [];
    },
    async save(record: SerializedTask) {
      // A task making progress supersedes the failure of an earlier attempt.
      await write({ snapshot: structuredClone(record), settled: false });
    },
    async remove(key: string) {
      const current = checkpoint();
      if (current.snapshot?.key === key && !current.settled) await write({ ...current, settled: true });
    },
  };
}
