import type { Method } from '@capkit/api';
import type { Random } from './random.js';

/** One of the five API methods (`createTask`, `getTaskResult`, ...), as listed in the spec's METHODS. */
export type ApiMethod = Method;

/**
 * Every kind of misbehaviour the emulator can inject.
 * - `http500` / `http503`: that status with an empty body, the request not processed; the `…Json`
 *   variants carry the JSON error envelope (ERROR_SERVICE_UNAVALIABLE), not processed either.
 * - `http502`: the request is processed (a task is created and charged, a query counted), then a
 *   gateway answers 502 with an empty body: what a proxy in front of the service does when the
 *   service's answer is lost on its way back. So a 502 is no proof that createTask created nothing.
 * - `http502Unprocessed`: 502 with an empty body, the request not processed (a gateway that never
 *   reached the service); `http502Json`: 502 with the envelope, not processed.
 * - `html`: a 502 HTML error page, as a CDN in front of the API would send.
 * - `http429`: 429 with `Retry-After` (seconds) and `retry-after-ms`, plain-text body.
 * - `rateLimit` / `serviceUnavailable`: the documented ERROR_RATE_LIMIT / ERROR_SERVICE_UNAVALIABLE envelopes.
 * - `resetBefore`: the socket is destroyed before the request is processed (no state change).
 * - `resetAfter`: the request is processed (a task is created and charged, a query counted), then the
 *   socket is destroyed, so the client cannot know what happened.
 * - `latency`: the answer is delayed by `latencyMs` (or the script entry's `delayMs`).
 * - `malformed` / `truncated`: the request is processed and the real answer is sent as invalid JSON /
 *   cut short.
 */
export const FAULT_KINDS = [
  'http500',
  'http500Json',
  'http502',
  'http502Unprocessed',
  'http502Json',
  'http503',
  'http503Json',
  'html',
  'http429',
  'rateLimit',
  'serviceUnavailable',
  'resetBefore',
  'resetAfter',
  'latency',
  'malformed',
  'truncated',
] as const;

/** A kind of injected fault; see {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** When a fault acts relative to processing the request. */
export type FaultPhase = 'before' | 'after' | 'delay';

/**
 * When a fault acts: `before` faults replace the answer without processing the request (they never
 * change state); `after` faults spoil the answer of a processed request; `delay` faults delay it.
 */
export function faultPhase(kind: FaultKind): FaultPhase {
  if (kind === 'resetAfter' || kind === 'malformed' || kind === 'truncated' || kind === 'http502') return 'after';
  if (kind === 'latency') return 'delay';
  return 'before';
}

/** One scripted fault: the next `times` (default 1) requests to `method` (default: any method) get `kind`. */
export interface FaultScriptEntry {
  method?: ApiMethod;
  kind: FaultKind;
  times?: number;
  /** For `latency`: the delay in service ms (scaled by `timeScale`). */
  delayMs?: number;
}

/** Random and scripted fault injection. Scripted entries always win over random ones. */
export interface FaultOptions {
  /** Probability (0..1) that a request gets a random fault. Default 0. */
  rate?: number;
  /** The kinds to draw from: a list (equal weights) or weights per kind. Default: every kind. */
  kinds?: readonly FaultKind[] | Partial<Record<FaultKind, number>>;
  /** The methods random faults apply to. Default: all five API methods. */
  methods?: readonly ApiMethod[];
  /** Added latency for `latency` faults, service ms. Default 2000. */
  latencyMs?: number;
  /** The wait a `http429` asks for, service ms. Default 1000. */
  retryAfterMs?: number;
  /** Faults to inject first, in order (same as calling `control.scriptFaults`). */
  script?: readonly FaultScriptEntry[];
}

/** A fault chosen for one request. */
export interface PlannedFault {
  kind: FaultKind;
  /** Service ms of delay (latency faults) or of the requested wait (http429). */
  delayMs: number;
  scripted: boolean;
}

/** Decides, request by request, which fault (if any) to inject. */
export interface FaultPlanner {
  next(method: ApiMethod): PlannedFault | undefined;
  script(entries: readonly FaultScriptEntry[]): void;
  clearScript(): void;
}

const DEFAULT_LATENCY_MS = 2000;
const DEFAULT_RETRY_AFTER_MS = 1000;

function weightsOf(kinds: FaultOptions['kinds']): Array<[FaultKind, number]> {
  if (kinds === undefined) return FAULT_KINDS.map((kind) => [kind, 1]);
  if (Array.isArray(kinds)) return (kinds as readonly FaultKind[]).map((kind) => [kind, 1]);
  return (Object.entries(kinds) as Array<[FaultKind, number]>).filter(([, weight]) => weight > 0);
}

function pickWeighted(weights: Array<[FaultKind, number]>, roll: number): FaultKind | undefined {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  for (const [kind, weight] of weights) {
    cumulative += weight / total;
    if (roll < cumulative) return kind;
  }
  return weights.at(-1)?.[0];
}

/** Creates a planner; random draws come from `random` (the seed's `fault` stream). */
export function createFaultPlanner(options: FaultOptions = {}, random: Random): FaultPlanner {
  const rate = options.rate ?? 0;
  const weights = weightsOf(options.kinds);
  const latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  const queue: Array<FaultScriptEntry & { remaining: number }> = [];
  const delayFor = (kind: FaultKind, delayMs?: number): number =>
    kind === 'latency' ? (delayMs ?? latencyMs) : kind === 'http429' ? retryAfterMs : 0;

  const planner: FaultPlanner = {
    next(method) {
      const index = queue.findIndex((entry) => entry.method === undefined || entry.method === method);
      const entry = queue[index];
      if (entry) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) queue.splice(index, 1);
        return { kind: entry.kind, delayMs: delayFor(entry.kind, entry.delayMs), scripted: true };
      }
      if (rate <= 0 || (options.methods && !options.methods.includes(method))) return undefined;
      // Draw both numbers every time so one request's choice never shifts the next one's.
      const hit = random.next() < rate;
      const kind = pickWeighted(weights, random.next());
      return hit && kind ? { kind, delayMs: delayFor(kind), scripted: false } : undefined;
    },
    script(entries) {
      for (const entry of entries) queue.push({ ...entry, remaining: Math.max(1, entry.times ?? 1) });
    },
    clearScript() {
      queue.length = 0;
    },
  };
  if (options.script) planner.script(options.script);
  return planner;
}
