import { LIMITS } from '@capkit/api';
import type pc from 'picocolors';
import { formatClock, formatLatency } from './formatDuration.js';

/** The part of core's `TaskProgress` a progress line shows. */
export interface ProgressView {
  state: string;
  status?: string;
  taskId?: string;
  queries: number;
  maxQueries: number;
  elapsedMs: number;
  /** Set once the task is `ready` or `error`; the finish line says the rest. */
  done?: boolean;
}

/** How a task ended, as one short text (`solved`, `ERROR_CAPTCHA_UNSOLVABLE`). */
export interface ProgressOutcome {
  ok: boolean;
  text: string;
  queries?: number;
  elapsedMs?: number;
}

/** One task's line: its label, last progress and, once finished, its outcome. */
export interface ProgressLine {
  label: string;
  progress?: ProgressView;
  /** When `progress` arrived, so a live elapsed time keeps ticking between polls. */
  receivedAt: number;
  outcome?: ProgressOutcome;
}

/** How to draw lines. */
export interface LineStyle {
  colors: ReturnType<typeof pc.createColors>;
  now: () => number;
  /** The lifetime shown as "of 5:00". */
  lifetimeMs: number;
}

/**
 * The phase a line shows: the task's lifecycle state, in the task machine's words (`creating`,
 * `idle`, `processing`, `ready`, `error`), or `…` before the task reported anything.
 */
export function phaseOf(state: string | undefined): string {
  return state ?? '…';
}

/**
 * Draws one line: `label  phase/status  queries 4/120  elapsed 0:12 of 5:00` while running, and
 * `✔ label  solved  queries 4/120  12.3 s` (or `✖ … ERROR_CODE`) once finished. `prefix` is the
 * spinner (live) or a bullet (plain); the result mark takes its column so lines stay aligned.
 */
export function describeProgressLine(line: ProgressLine, style: LineStyle, prefix: string): string {
  const { colors } = style;
  const maxQueries = line.progress?.maxQueries ?? LIMITS.maxQueriesPerTask;
  if (line.outcome) {
    const { ok, text, elapsedMs } = line.outcome;
    const queries = line.outcome.queries ?? line.progress?.queries;
    const details = [
      queries === undefined ? '' : `queries ${queries}/${maxQueries}`,
      elapsedMs === undefined ? '' : formatLatency(elapsedMs),
    ];
    const detail = details.filter(Boolean).join('  ');
    const paint = ok ? colors.green : colors.red;
    return `${paint(ok ? '✔' : '✖')} ${colors.bold(line.label)}  ${paint(text)}${detail ? `  ${colors.dim(detail)}` : ''}`;
  }
  const progress = line.progress;
  const phase = phaseOf(progress?.state);
  const state = progress?.status && progress.status !== phase ? `${phase}/${progress.status}` : phase;
  const elapsed = (progress?.elapsedMs ?? 0) + (style.now() - line.receivedAt);
  const queries = `queries ${progress?.queries ?? 0}/${maxQueries}`;
  const clock = `elapsed ${formatClock(elapsed)} of ${formatClock(style.lifetimeMs)}`;
  return `${prefix}${colors.bold(line.label)}  ${colors.cyan(state)}  ${colors.dim(queries)}  ${colors.dim(clock)}`;
}
