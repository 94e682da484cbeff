import { ERROR_CODES, TASK_STATUSES, type ErrorCode, type TaskStatus } from '@capkit/api';
import type { Random } from './random.js';

/**
 * How a task ends: solved (`ready`), `unsolvable` (ERROR_CAPTCHA_UNSOLVABLE), `timeout`
 * (ERROR_TASK_TIMEOUT after the server-side solve timeout) or any documented error code.
 */
export type Outcome = 'ready' | 'unsolvable' | 'timeout' | ErrorCode;

/**
 * A deterministic override for one task, given to `control.forceNext`, `control.force`, the
 * `/__emulator/force` endpoint or a `https://emulator.capkit.test/force/<outcome>` websiteURL hint.
 */
export interface ForcedOutcome {
  /** How the task ends. Default: `ready`. */
  outcome?: Outcome;
  /**
   * The status each successive getTaskResult returns (the last one repeats), e.g.
   * `['idle', 'processing', 'ready']`. When given, it replaces the solve time: a query that lands on
   * `ready` serves the outcome, a `failed` entry serves `status: "failed"`.
   */
  statuses?: readonly TaskStatus[];
  /** Solve time in service ms (scaled by `timeScale`), replacing the drawn one. */
  solveTimeMs?: number;
  /**
   * Where an error outcome is reported: `result` (default: getTaskResult/getToken answers it once the
   * solve time has passed) or `createTask` (createTask answers it at once and creates no task).
   * Synchronous (recognition) tasks always answer in createTask.
   */
  stage?: 'createTask' | 'result';
}

/** Per-task probabilities of each non-ready outcome; whatever is left over is `ready`. */
export interface OutcomeProbabilities {
  /** Probability of ERROR_CAPTCHA_UNSOLVABLE. */
  unsolvable?: number;
  /** Probability of ERROR_TASK_TIMEOUT (served after the scaled server-side solve timeout). */
  timeout?: number;
  /** Probability of each other error code, reported by getTaskResult. */
  errors?: Partial<Record<ErrorCode, number>>;
}

const NAMED_OUTCOMES = ['ready', 'unsolvable', 'timeout'] as const;

/** True for `ready`, `unsolvable`, `timeout` and every error code in the spec's ERROR_CODES. */
export function isOutcome(value: unknown): value is Outcome {
  return (
    typeof value === 'string' &&
    ((NAMED_OUTCOMES as readonly string[]).includes(value) || Object.hasOwn(ERROR_CODES, value))
  );
}

/** True for the statuses the spec defines (TASK_STATUSES). */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** The error code a failed outcome is reported with; `undefined` for `ready`. */
export function failureCode(outcome: Outcome): ErrorCode | undefined {
  if (outcome === 'ready') return undefined;
  if (outcome === 'unsolvable') return 'ERROR_CAPTCHA_UNSOLVABLE';
  if (outcome === 'timeout') return 'ERROR_TASK_TIMEOUT';
  return outcome;
}

/** Draws an outcome: walks the cumulative probabilities, falling through to `ready`. */
export function drawOutcome(probabilities: OutcomeProbabilities | undefined, random: Random): Outcome {
  const roll = random.next();
  if (!probabilities) return 'ready';
  const weighted: Array<[Outcome, number]> = [
    ['unsolvable', probabilities.unsolvable ?? 0],
    ['timeout', probabilities.timeout ?? 0],
    ...(Object.entries(probabilities.errors ?? {}) as Array<[ErrorCode, number]>),
  ];
  let cumulative = 0;
  for (const [outcome, probability] of weighted) {
    cumulative += Math.max(0, probability);
    if (roll < cumulative) return outcome;
  }
  return 'ready';
}

/** Checks a force object coming from outside (HTTP control endpoint, URL hint); returns a message or undefined. */
export function checkForcedOutcome(force: ForcedOutcome): string | undefined {
  if (force.outcome !== undefined && !isOutcome(force.outcome)) {
    return `unknown outcome "${String(force.outcome)}" (use ready, unsolvable, timeout or an error code)`;
  }
  if (force.statuses !== undefined) {
    if (!Array.isArray(force.statuses) || force.statuses.length === 0) return 'statuses must be a non-empty array';
    const bad = force.statuses.find((status) => !isTaskStatus(status));
    if (bad !== undefined) return `unknown status "${String(bad)}" (use one of ${TASK_STATUSES.join(', ')})`;
  }
  if (force.solveTimeMs !== undefined && !(Number.isFinite(force.solveTimeMs) && force.solveTimeMs >= 0)) {
    return 'solveTimeMs must be a non-negative number';
  }
  if (force.stage !== undefined && force.stage !== 'createTask' && force.stage !== 'result') {
    return 'stage must be "createTask" or "result"';
  }
  return undefined;
}
