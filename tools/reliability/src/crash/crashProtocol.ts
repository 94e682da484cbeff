import { DEFAULT_LIMITS, scaleLimits, type ClientOptions, type PollPolicy } from '@capkit/core';
import type { Task } from '@capkit/api';
import { forceHintUrl } from '@capkit/emulator';

/** A line the crash worker writes on stdout. */
export type WorkerEvent =
  | { event: 'ready' }
  | { event: 'progress'; url: string; state: string; taskId: string | undefined; queries: number }
  | {
      event: 'settled';
      url: string;
      outcome: string;
      code?: string | undefined;
      taskId: string | undefined;
      queries: number | undefined;
    }
  | { event: 'pending'; records: Array<{ url: string; taskId: string | undefined; state: string; queries: number }> }
  | { event: 'done' };

/**
 * Every third task of a run never becomes ready: with the workers' dense poll policy it spends its
 * whole 120-query budget within a second or two, so kills land mid-budget and the resumed process
 * must count the queries the first one used.
 */
export function isBudgetTask(index: number): boolean {
  return index % 3 === 2;
}

/**
 * The task number `index` of run `runId`. Its websiteURL is unique (it names the solve in the
 * emulator's trace); budget tasks use the emulator's force hint with an endless solve time (extra
 * query parameters are ignored by the hint and keep the URL unique).
 */
export function crashTask(runId: string, index: number): Task {
  const websiteURL = isBudgetTask(index)
    ? `${forceHintUrl('ready', { solveMs: 100_000_000 })}&solve=${runId}-${index}`
    : `https://crash.capkit.test/${runId}/${index}`;
  return { type: 'ReCaptchaV2TaskProxyLess', websiteURL, websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-' };
}

/**
 * The client settings both worker processes share: limits scaled to the emulator's time scale (the
 * safety margin kept at its absolute default: it covers transit, which is not scaled), retry timing
 * scaled the same way, and the poll policy of {@link crashPollPolicy}.
 */
export function workerClientOptions(
  timeScale: number,
): Pick<ClientOptions, 'limits' | 'backoff' | 'timeoutMs' | 'pollPolicy'> {
  return {
    pollPolicy: crashPollPolicy(timeScale),
    limits: { ...scaleLimits(timeScale), lifetimeSafetyMarginMs: DEFAULT_LIMITS.lifetimeSafetyMarginMs },
    backoff: { baseDelayMs: 500 * timeScale, maxDelayMs: 8_000 * timeScale, maxRetryAfterMs: 60_000 * timeScale },
    timeoutMs: 2_000,
  };
}

/**
 * The first query 12.5 s (service time) after creation, so that a kill often lands between createTask
 * and the first query; then six times the documented rate, so that a task that never becomes ready
 * runs into the 120-query budget rather than the lifetime.
 */
export function crashPollPolicy(timeScale: number): PollPolicy {
  return (context) => (context.queries === 0 ? 12_500 * timeScale : 500 * timeScale);
}
