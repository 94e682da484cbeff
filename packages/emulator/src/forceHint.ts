import type { TaskStatus } from '@capkit/api';
import { checkForcedOutcome, type ForcedOutcome, type Outcome } from './outcomes.js';

/**
 * The URL prefix that forces an outcome from inside a task, for callers that cannot reach
 * `control` (a CLI demo, a crash test in a child process): put
 * `https://emulator.capkit.test/force/unsolvable?solveMs=2000` in the task's `websiteURL` (or
 * `captchaUrl`). The `.test` TLD is reserved, so such a URL never names a real site.
 */
export const FORCE_HINT_PREFIX = 'https://emulator.capkit.test/force/';

const HINT_FIELDS = ['websiteURL', 'captchaUrl'] as const;

/** Result of reading a hint: nothing, a force, or a malformed hint naming its field. */
export type ForceHintResult =
  undefined | { ok: true; force: ForcedOutcome } | { ok: false; field: string; message: string };

/**
 * Reads a force hint from a task's `websiteURL`/`captchaUrl`. Query parameters: `solveMs` (service ms),
 * `statuses` (comma separated) and `stage` (`createTask` | `result`). A malformed hint is an error, not
 * silently ignored, so a typo in a test cannot pass unnoticed.
 */
export function parseForceHint(task: Readonly<Record<string, unknown>>): ForceHintResult {
  for (const field of HINT_FIELDS) {
    const value = task[field];
    if (typeof value !== 'string' || !value.startsWith(FORCE_HINT_PREFIX)) continue;
    const url = new URL(value);
    const force: ForcedOutcome = { outcome: decodeURIComponent(url.pathname.slice('/force/'.length)) as Outcome };
    const solveMs = url.searchParams.get('solveMs');
    if (solveMs !== null) force.solveTimeMs = Number(solveMs);
    const statuses = url.searchParams.get('statuses');
    if (statuses !== null) force.statuses = statuses.split(',') as TaskStatus[];
    const stage = url.searchParams.get('stage');
    if (stage !== null) force.stage = stage as NonNullable<ForcedOutcome['stage']>;
    const problem = checkForcedOutcome(force);
    return problem ? { ok: false, field, message: `emulator force hint: ${problem}` } : { ok: true, force };
  }
  return undefined;
}

/**
 * Builds a force-hint URL to use as a task's `websiteURL`, e.g.
 * `forceHintUrl('ERROR_PROXY_BANNED', { solveMs: 2000 })`.
 */
export function forceHintUrl(
  outcome: Outcome,
  options: { solveMs?: number; statuses?: readonly TaskStatus[]; stage?: ForcedOutcome['stage'] } = {},
): string {
  const url = new URL(`${FORCE_HINT_PREFIX}${encodeURIComponent(outcome)}`);
  if (options.solveMs !== undefined) url.searchParams.set('solveMs', String(options.solveMs));
  if (options.statuses) url.searchParams.set('statuses', options.statuses.join(','));
  if (options.stage) url.searchParams.set('stage', options.stage);
  return url.toString();
}
