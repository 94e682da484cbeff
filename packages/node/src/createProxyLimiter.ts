/** Caps on the tasks one scope (a session, or the whole proxy) may create. */
export interface TaskLimits {
  /** Tasks created and not yet finished (ready, failed, or past their lifetime). */
  tasksInFlight: number;
  /** Tasks created in any 60 s window. */
  tasksPerMinute: number;
}

/** A place held for one task-creating request, from before it is sent until its task ends. */
export interface TaskTicket {
  /** The task was created as `taskId`: it stays in flight until `finished(taskId)` or `expiresAt`. */
  created(taskId: string, expiresAt: number): void;
  /** No task is in flight for this request (refused, or answered inside createTask). */
  release(): void;
}

/** The decision on one task-creating request. */
export type LimitDecision =
  | { ok: true; ticket: TaskTicket }
  | { ok: false; scope: 'session' | 'global'; limit: keyof TaskLimits; retryAfterMs: number };

/** Per-session and global counts of the tasks created through a proxy. */
export interface ProxyLimiter {
  /**
   * Holds a place for one more task of `session` if every limit allows it. The place is taken at
   * once, before the request is sent, so a burst of concurrent requests cannot all pass the check.
   */
  reserve(session: string, now: number): LimitDecision;
  /** The task has ended (ready, failed, unknown upstream): it is no longer in flight. */
  finished(taskId: string): void;
}

interface InFlight {
  session: string;
  expiresAt: number;
  taskId?: string;
}

const MINUTE_MS = 60_000;
/** Until createTask answers, a held place lasts at most this long (the proxy's own timeout is shorter). */
const PENDING_MS = 5 * MINUTE_MS;

/**
 * In-memory limits for one proxy process. Memory stays bounded: the global caps bound how many
 * creations (and so sessions) are remembered, and anything older than a minute or past its lifetime
 * is dropped as it is met. Several instances each count their own traffic.
 */
export function createProxyLimiter(sessionLimits: TaskLimits, globalLimits: TaskLimits): ProxyLimiter {
  const recentBySession = new Map<string, number[]>();
  const recent: number[] = [];
  const inFlight = new Set<InFlight>();
  const byTaskId = new Map<string, InFlight>();
  const countBySession = new Map<string, number>();

  const release = (entry: InFlight) => {
    if (!inFlight.delete(entry)) return;
    if (entry.taskId !== undefined) byTaskId.delete(entry.taskId);
    const left = (countBySession.get(entry.session) ?? 1) - 1;
    if (left > 0) countBySession.set(entry.session, left);
    else countBySession.delete(entry.session);
  };

  const dropOld = (times: number[], now: number) => {
    while (times.length > 0 && (times[0] ?? now) <= now - MINUTE_MS) times.shift();
  };

  const prune = (now: number) => {
    dropOld(recent, now);
    for (const [session, times] of recentBySession) {
      dropOld(times, now);
      if (times.length === 0) recentBySession.delete(session);
    }
    for (const entry of inFlight) if (entry.expiresAt <= now) release(entry);
  };

  /** How long until the oldest creation of a window leaves it. */
  const windowWait = (times: readonly number[], now: number) => Math.max(1_000, (times[0] ?? now) + MINUTE_MS - now);
  // A task in flight ends at an unknown moment: about one poll interval.
  const IN_FLIGHT_WAIT_MS = 3_000;

  return {
    reserve(session, now) {
      prune(now);
      const mine = recentBySession.get(session) ?? [];
      if (inFlight.size >= globalLimits.tasksInFlight)
        return { ok: false, scope: 'global', limit: 'tasksInFlight', retryAfterMs: IN_FLIGHT_WAIT_MS };
      if (recent.length >= globalLimits.tasksPerMinute)
        return { ok: false, scope: 'global', limit: 'tasksPerMinute', retryAfterMs: windowWait(recent, now) };
      if ((countBySession.get(session) ?? 0) >= sessionLimits.tasksInFlight)
        return { ok: false, scope: 'session', limit: 'tasksInFlight', retryAfterMs: IN_FLIGHT_WAIT_MS };
      if (mine.length >= sessionLimits.tasksPerMinute)
        return { ok: false, scope: 'session', limit: 'tasksPerMinute', retryAfterMs: windowWait(mine, now) };
      recent.push(now);
      mine.push(now);
      recentBySession.set(session, mine);
      const entry: InFlight = { session, expiresAt: now + PENDING_MS };
      inFlight.add(entry);
      countBySession.set(session, (countBySession.get(session) ?? 0) + 1);
      return {
        ok: true,
        ticket: {
          created(taskId, expiresAt) {
            if (!inFlight.has(entry)) return;
            entry.taskId = taskId;
            entry.expiresAt = expiresAt;
            byTaskId.set(taskId, entry);
          },
          release: () => release(entry),
        },
      };
    },
    finished(taskId) {
      const entry = byTaskId.get(taskId);
      if (entry) release(entry);
    },
  };
}
