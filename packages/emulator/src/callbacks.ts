import type { TaskRecord } from './createTaskStore.js';
import type { Clock } from './createClock.js';
import { failureCode } from './outcomes.js';
import { errorBody } from './reply.js';
import type { Random } from './random.js';

/**
 * Shapes a callback body can take. The service documents `callbackUrl` but not its payload;
 * `getTaskResult` (the default) is the assumed one: the body getTaskResult would answer at that
 * moment (CapMonster Cloud documents its callbacks that way). The others are there so that a
 * receiver can be tested against whatever else might arrive.
 */
export const CALLBACK_PAYLOADS = ['getTaskResult', 'solution', 'wrapped', 'form', 'text', 'empty'] as const;

/** One of {@link CALLBACK_PAYLOADS}. */
export type CallbackPayload = (typeof CALLBACK_PAYLOADS)[number];

/** How the emulator POSTs to a task's `callbackUrl`, and the faults it injects into those POSTs. */
export interface CallbackOptions {
  /**
   * Hosts a callback may be posted to besides loopback (`localhost`, `127.0.0.0/8`, `[::1]`), or
   * `'*'` for any host. Default: loopback only, so a test server cannot be turned into a request
   * forwarder (SSRF). A callback to a refused host is not sent (counted as `refused`).
   */
  allowHosts?: readonly string[] | '*';
  /** Probability that a task's callback is never sent. Default 0. */
  lost?: number;
  /** Probability that a callback is held back `delayMs` more. Default 0. */
  delayed?: number;
  /** The hold-back of a delayed callback, in service ms (scaled by `timeScale`). Default 5000. */
  delayMs?: number;
  /** Probability that a callback is sent twice. Default 0. */
  duplicated?: number;
  /** Probability that a stale `processing` callback arrives after the final one. Default 0. */
  reordered?: number;
  /** The payload shape of every callback. Default `getTaskResult`. */
  payload?: CallbackPayload;
  /** Probability of each other payload shape, drawn per callback (whatever is left uses `payload`). */
  payloads?: Partial<Record<CallbackPayload, number>>;
  /** How long one POST may take, in real ms (then it is abandoned and counted as failed). Default 2000. */
  timeoutMs?: number;
}

/** What happened to one callback POST. */
export interface CallbackRecord {
  taskId: string;
  /** Real epoch ms when it was sent (or dropped). */
  at: number;
  /** The callback URL's origin (the path, which holds the receiver's secret, is left out). */
  origin: string;
  result: 'delivered' | 'rejected' | 'failed' | 'lost' | 'refused';
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  payload: CallbackPayload;
  /** The `status` the payload reports (`ready`, `failed`, or the stale `processing` of a reordered one). */
  reports: string;
}

/** Callback counters (in `stats().callbacks`). */
export interface CallbackStats {
  /** POSTs sent (duplicates and stale ones included). */
  sent: number;
  /** Answered with a 2xx status. */
  delivered: number;
  /** Answered with another status. */
  rejected: number;
  /** No answer (connection refused, reset, timeout). */
  failed: number;
  /** Dropped by the `lost` fault. */
  lost: number;
  /** Not sent: the host is not loopback nor allowed, or the URL is not http(s). */
  refused: number;
  duplicated: number;
  delayed: number;
  reordered: number;
  /** Every callback, in order. */
  log: CallbackRecord[];
}

/** The emulator's callback sender (one per engine). */
export interface CallbackSender {
  /** Schedules the callbacks of a newly created task, if it asked for them. */
  schedule(task: TaskRecord | undefined, callbackUrl: unknown): void;
  stats(): CallbackStats;
  clear(): void;
}

/** What the sender needs from the engine. */
export interface CallbackContext {
  readonly clock: Clock;
  /** The seeded source of the fault draws (a function: `reset()` replaces it). */
  random(): Random;
  /** The task as the store holds it now (undefined once forgotten by `reset()`). */
  current(id: string): TaskRecord | undefined;
  /** Called when a failed task's result is pushed (refunds it, like serving it would). */
  onFailurePushed(task: TaskRecord): void;
}

const DEFAULT_DELAY_MS = 5000;
const DEFAULT_TIMEOUT_MS = 2000;
/** Gap between a callback and its duplicate or its stale follower, real ms. */
const FOLLOW_UP_GAP_MS = 20;

const LOOPBACK = /^(localhost|.+\.localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/;

function targetOf(callbackUrl: unknown, allowHosts: CallbackOptions['allowHosts']): URL | undefined {
  if (typeof callbackUrl !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (LOOPBACK.test(url.hostname) || allowHosts === '*' || allowHosts?.includes(url.hostname)) return url;
  return undefined;
}

const zeroStats = (): CallbackStats => ({
  sent: 0,
  delivered: 0,
  rejected: 0,
  failed: 0,
  lost: 0,
  refused: 0,
  duplicated: 0,
  delayed: 0,
  reordered: 0,
  log: [],
});

/** The body getTaskResult would answer now for a finished task (ready or failed), or a stale `processing`. */
function resultBody(task: TaskRecord, reports: string): Record<string, unknown> {
  if (reports === 'processing')
    return { errorId: 0, errorCode: '', errorDescription: '', taskId: task.id, status: reports };
  const code = failureCode(task.outcome);
  if (code) return { ...errorBody(code), taskId: task.id };
  return { errorId: 0, errorCode: '', errorDescription: '', taskId: task.id, status: 'ready', solution: task.solution };
}

/** The request for one payload shape. */
function encode(shape: CallbackPayload, body: Record<string, unknown>): { type?: string; text: string } {
  switch (shape) {
    case 'getTaskResult':
      return { type: 'application/json', text: JSON.stringify(body) };
    case 'solution':
      return { type: 'application/json', text: JSON.stringify(body.solution ?? { errorCode: body.errorCode }) };
    case 'wrapped':
      return { type: 'application/json', text: JSON.stringify({ event: 'task.finished', data: body }) };
    case 'form': {
      const form = new URLSearchParams({ taskId: String(body.taskId), status: String(body.status ?? 'failed') });
      if (body.solution) form.set('solution', JSON.stringify(body.solution));
      return { type: 'application/x-www-form-urlencoded', text: form.toString() };
    }
    case 'text': {
      const token = Object.values((body.solution ?? {}) as Record<string, unknown>).find((v) => typeof v === 'string');
      return { type: 'text/plain', text: typeof token === 'string' ? token : String(body.errorCode ?? '') };
    }
    case 'empty':
      return { text: '' };
  }
}

/**
 * Creates the sender: once a task that gave a `callbackUrl` is finished (its solve time has passed:
 * ready, or failed with its error), one POST goes to that URL with the body getTaskResult would
 * answer, through the faults in `options`. Tasks driven by a forced status sequence (they finish
 * only when queried) and recognition tasks (answered inside createTask) get no callback; nor do
 * tasks whose result is already gone. No retries, no redirects followed.
 */
export function createCallbackSender(options: CallbackOptions, context: CallbackContext): CallbackSender {
  let stats = zeroStats();
  const { clock, random } = context;
  const chance = (p: number | undefined) => random().next() < (p ?? 0);

  const drawShape = (): CallbackPayload => {
    const roll = random().next();
    let cumulative = 0;
    for (const shape of CALLBACK_PAYLOADS) {
      cumulative += Math.max(0, options.payloads?.[shape] ?? 0);
      if (roll < cumulative) return shape;
    }
    return options.payload ?? 'getTaskResult';
  };

  const post = async (task: TaskRecord, url: URL, reports: string): Promise<void> => {
    const shape = drawShape();
    const record: CallbackRecord = {
      taskId: task.id,
      at: clock.now(),
      origin: url.origin,
      result: 'failed',
      payload: shape,
      reports,
    };
    stats.log.push(record);
    stats.sent += 1;
    const { type, text } = encode(shape, resultBody(task, reports));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: text,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      record.result = response.ok ? 'delivered' : 'rejected';
      stats[record.result] += 1;
    } catch {
      stats.failed += 1;
    }
  };

  const deliver = async (task: TaskRecord, url: URL, generation: CallbackStats): Promise<void> => {
    // Wait for the end of the solve time, again if `control.force` moved it meanwhile.
    for (;;) {
      const due = task.createdAt + task.solveRealMs - clock.now();
      if (due <= 0) break;
      if (!(await clock.sleep(due))) return;
    }
    // Dropped when the engine was reset, the result is gone, or a forced status sequence took over.
    if (stats !== generation || context.current(task.id) !== task || task.deleted || task.statuses) return;
    const lost = chance(options.lost);
    const delayed = chance(options.delayed);
    const duplicated = chance(options.duplicated);
    const reordered = chance(options.reordered);
    if (lost) {
      stats.lost += 1;
      stats.log.push({
        taskId: task.id,
        at: clock.now(),
        origin: url.origin,
        result: 'lost',
        payload: 'getTaskResult',
        reports: 'ready',
      });
      return;
    }
    if (delayed) {
      stats.delayed += 1;
      if (!(await clock.sleep(clock.scale(options.delayMs ?? DEFAULT_DELAY_MS)))) return;
      if (stats !== generation) return;
    }
    const reports = failureCode(task.outcome) ? 'failed' : 'ready';
    if (reports === 'failed') context.onFailurePushed(task);
    await post(task, url, reports);
    if (duplicated && stats === generation && (await clock.sleep(FOLLOW_UP_GAP_MS))) {
      stats.duplicated += 1;
      await post(task, url, reports);
    }
    if (reordered && stats === generation && (await clock.sleep(FOLLOW_UP_GAP_MS))) {
      stats.reordered += 1;
      await post(task, url, 'processing');
    }
  };

  return {
    schedule(task, callbackUrl) {
      if (!task || task.sync || callbackUrl === undefined || callbackUrl === null || callbackUrl === '') return;
      const url = targetOf(callbackUrl, options.allowHosts);
      if (!url) {
        stats.refused += 1;
        return;
      }
      void deliver(task, url, stats);
    },
    stats: () => ({ ...stats, log: stats.log.map((record) => ({ ...record })) }),
    clear: () => {
      stats = zeroStats();
    },
  };
}
