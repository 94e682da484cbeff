import type { Limits } from '../limits.js';
import { documented } from '../policies/documented.js';
import type { PollPolicy } from '../policies/PollPolicy.js';

/**
 * What a task machine needs from its surroundings besides its two actors: a clock, a poll policy and
 * its limits.
 * Injected so that tests run the machine in simulated time, and so that each solve can choose its
 * own policy.
 */
export interface TaskRuntime {
  /** Wall-clock epoch ms. Default `Date.now()`. */
  now: () => number;
  /** The poll policy. Default {@link documented}. */
  pollPolicy: PollPolicy;
  /** Called when the poll policy throws (the documented policy is used instead). */
  onPolicyError?: ((error: unknown) => void) | undefined;
  /**
   * The limits the machine is built with (overrides of `DEFAULT_LIMITS`, the spec's `LIMITS`): every
   * task's default, and the numbers its diagram names ("120 queries spent"). A task's input may still
   * override them.
   */
  limits?: Partial<Limits> | undefined;
}

/** The runtime of the exported `taskMachine`: the real clock and the documented policy. */
export const defaultTaskRuntime: TaskRuntime = {
  now: () => Date.now(),
  pollPolicy: documented,
};
