import { isCapSolverError } from '@capkit/core';

/**
 * How a solve ended, as a short label for tables: `solution`, `<ErrorClass>:<code>` for a typed
 * `CapSolverError`, or `UNTYPED <what>` for anything else (which the suites treat as a failure).
 */
export function outcomeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'solution';
  const reason: unknown = result.reason;
  if (isCapSolverError(reason)) return `${reason.name}:${reason.code}`;
  return `UNTYPED ${reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason}`;
}

/** Whether a settled solve ended as the client promises: a solution object, or a typed `CapSolverError`. */
export function endedCleanly(result: PromiseSettledResult<{ solution?: unknown }>): boolean {
  if (result.status === 'rejected') return isCapSolverError(result.reason);
  const { solution } = result.value;
  return typeof solution === 'object' && solution !== null;
}
