import { LIMITS } from '@capkit/api';
import type { PollPolicy } from './PollPolicy.js';

/** Options of {@link callbackFallback}. */
export interface CallbackFallbackOptions {
  /**
   * The share of callbacks assumed lost, fixed. Default: learned from this policy's own tasks (how
   * many ended without their callback), starting from `priorLossRate`.
   */
  lossRate?: number | undefined;
  /** The loss rate assumed before any task was observed, worth `priorWeight` tasks. Default 0.02. */
  priorLossRate?: number | undefined;
  /** How many observed tasks the prior is worth. Default 20. */
  priorWeight?: number | undefined;
  /** Roughly how many recent tasks the learned rate reflects (older ones fade). Default 200. */
  memory?: number | undefined;
  /**
   * What a second of latency of a task whose callback was lost is worth, in queries. Higher polls
   * more densely. Default 8: with 10 % of callbacks lost, about a poll every 3–9 s in the
   * documented window, which finds the lost ones within the documented rhythm's p95 (about 3 s).
   */
  queriesPerSecondOfDelay?: number | undefined;
}

/** A {@link callbackFallback} policy: a poll policy that learns how often callbacks are lost. */
export interface CallbackFallbackPolicy extends PollPolicy {
  /** Records one finished task: did its callback arrive before the task ended? (The client calls it.) */
  observeCallback(received: boolean): void;
  /** The loss rate the schedule is planned for now. */
  lossRate(): number;
}

const DEFAULTS = { priorLossRate: 0.02, priorWeight: 20, memory: 200, queriesPerSecondOfDelay: 8 };
/** The smallest loss rate planned for: even perfect delivery keeps a poll now and then. */
const MIN_LOSS_RATE = 1e-4;

/**
 * The poll schedule of a task that expects a callback: the fallback that finds its result when the
 * callback is lost, sparse while callbacks are known to arrive. A query in the solve window
 * (`solveTimeMinMs`–`solveTimeMaxMs`, 1–30 s) is worth sending when the chance that the task is
 * finished with its callback lost outweighs its cost; with a loss rate `p` and a task `t` ms old,
 * that chance grows as `p·F(t) / (1 - (1 - p)·F(t))`, and minimising queries plus
 * `queriesPerSecondOfDelay` × the delay of the lost ones gives a gap of
 * `√(2·(1 - (1 - p)·F(t))·window / (weight·p))` (`F` uniform over the window). So with callbacks
 * arriving (`p` near 0) a task is polled about once or twice in its lifetime; with 10 % lost, every
 * 3–9 s. Past the window (a slow task, or a lost callback) it polls at half the documented rate.
 * Every delay is clamped by the query budget and the lifetime like any policy's, so a task whose
 * callback never comes still ends within both.
 *
 * The loss rate is learned from this policy's own tasks (the client reports each finished task's
 * callback through `observeCallback`): share one policy per receiver. Without callbacks the client
 * uses its own `pollPolicy` instead.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey, callbackReceiver: receiver, callbackPollPolicy: callbackFallback() });
 * ```
 */
export function callbackFallback(options: CallbackFallbackOptions = {}): CallbackFallbackPolicy {
  const settings = { ...DEFAULTS, ...definedOf(options) };
  let lost = 0;
  let seen = 0;
  const lossRate = (): number => {
    const rate =
      options.lossRate ?? (settings.priorWeight * settings.priorLossRate + lost) / (settings.priorWeight + seen);
    return Math.min(1, Math.max(MIN_LOSS_RATE, rate));
  };
  const policy: PollPolicy = (ctx) => {
    const { solveTimeMinMs, solveTimeMaxMs, pollIntervalMs } = ctx.limits;
    const windowMs = Math.max(1, solveTimeMaxMs - solveTimeMinMs);
    if (ctx.elapsedMs >= solveTimeMaxMs) return 2 * pollIntervalMs;
    const p = lossRate();
    const finished = Math.min(1, Math.max(0, (ctx.elapsedMs - solveTimeMinMs) / windowMs));
    const waiting = 1 - (1 - p) * finished;
    // A time-scaled client (scaleLimits) values its scaled seconds like real ones: same plan, scaled.
    const timeScale = solveTimeMaxMs / LIMITS.solveTimeMaxMs;
    const weightPerMs = settings.queriesPerSecondOfDelay / (1000 * timeScale);
    const gap = Math.sqrt((2 * waiting * windowMs) / (weightPerMs * p));
    // Never past the end of the window by more than the documented rhythm: a lost one is found there.
    return Math.min(gap, solveTimeMaxMs - ctx.elapsedMs + pollIntervalMs);
  };
  return Object.assign(policy, {
    observeCallback(received: boolean) {
      const fade = 1 - 1 / settings.memory;
      lost = lost * fade + (received ? 0 : 1);
      seen = seen * fade + 1;
    },
    lossRate,
  });
}

/** The options that are set (so an explicit `undefined` keeps the default). */
function definedOf(options: CallbackFallbackOptions): Partial<typeof DEFAULTS> {
  const out: Partial<typeof DEFAULTS> = {};
  for (const name of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
    const value = options[name];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) out[name] = value;
  }
  return out;
}
