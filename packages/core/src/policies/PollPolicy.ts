import type { TaskType } from '@capkit/api';
import type { TaskProgress } from '../TaskProgress.js';
import type { Limits } from '../limits.js';

/**
 * What a poll policy knows when it picks the delay before the next `getTaskResult` query. Every field
 * is derived from the task machine's context and the clock, so a policy is a pure function.
 */
export interface PollContext {
  /** Queries already used by the task (0 before the first one). */
  readonly queries: number;
  /** The 1-based number of the query being scheduled (`queries + 1`). */
  readonly attempt: number;
  /** Wall-clock ms since the task was created. */
  readonly elapsedMs: number;
  /** When the task was created (epoch ms, from the client's `now()`). */
  readonly createdAt: number;
  /** The service's id of the task: known for every query (createTask has answered by then). */
  readonly taskId?: string | undefined;
  /** The current time (epoch ms, from the client's `now()`). */
  readonly now: number;
  /** The last status the service reported (`idle`, `processing`, or an unknown one), if any. */
  readonly lastStatus: string | undefined;
  /** The limits the task lives by. */
  readonly limits: Limits;
  /** The task's type, when known (tasks followed with `waitForResult` may not know it). */
  readonly taskType: TaskType | undefined;
  /** The wait the service asked for after a rate limit (`Retry-After`), if any. */
  readonly retryAfterMs: number | undefined;
}

/**
 * A poll policy: the delay in ms before the next query. Whatever it returns is clamped by
 * {@link clampDelay}, so a policy cannot break the query budget, the lifetime or the minimum gap.
 *
 * @example
 * ```ts
 * const patient: PollPolicy = (ctx) => (ctx.elapsedMs < 5_000 ? 2_500 : 5_000);
 * createClient({ apiKey, pollPolicy: patient });
 * ```
 */
export interface PollPolicy {
  (context: PollContext): number;
  /**
   * Optional: called by the client once for each task that runs under this policy, before it
   * starts; the listener it returns gets every progress step of that task (as `onProgress` would).
   * This is how a learning policy ({@link learned}) sees its own tasks finish without any wiring.
   * A listener that throws is logged and ignored.
   */
  track?(taskType: TaskType | undefined): ((progress: TaskProgress) => void) | undefined;
  /**
   * Optional: called by the client when a task that expected a callback ends, with whether its
   * callback arrived first (how {@link callbackFallback} learns the loss rate).
   */
  observeCallback?(received: boolean): void;
}
