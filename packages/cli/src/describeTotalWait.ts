import { EXIT_CODES } from './exitCodes.js';
import type { ErrorReport } from './reportError.js';

/**
 * States the real wait of a command that gave up on the network: a request's own message says how
 * long one attempt waited ("no answer within 30000 ms"), while the command waited for every attempt
 * and the backoff between them. Adds `waitedMs` (and the retries) to transport failures.
 */
export function describeTotalWait(
  report: ErrorReport,
  { startedAt, retries, now = Date.now() }: { startedAt: number; retries: number; now?: number },
): ErrorReport {
  if (report.exitCode !== EXIT_CODES.transport) return report;
  const waitedMs = now - startedAt;
  const retried = retries === 0 ? 'no retry' : retries === 1 ? '1 retry' : `${retries} retries`;
  const message = `${report.message} Gave up after ${(waitedMs / 1000).toFixed(1)} s in all (${retried}).`;
  return { ...report, message, waitedMs };
}
