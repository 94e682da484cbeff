import type { PollPolicy } from './PollPolicy.js';

/**
 * The policy the service documents, and the default: the first query once the shortest solve time
 * has passed since creation (`solveTimeMinMs`, about 1 s), then one every `pollIntervalMs` (3 s).
 * Both numbers come from the spec's limits, so a scaled client scales the policy too.
 */
export const documented: PollPolicy = (ctx) =>
  ctx.queries === 0 ? Math.max(0, ctx.limits.solveTimeMinMs - ctx.elapsedMs) : ctx.limits.pollIntervalMs;
