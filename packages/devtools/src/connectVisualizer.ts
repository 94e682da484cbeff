import { taskMachine } from '@capkit/core/machine';
import { randomBytes } from 'node:crypto';
import type { InspectionEvent } from 'xstate';
import { createTaskTracker } from './createTaskTracker.js';
import type { TaskRecord } from './toTaskRecord.js';

/** Options of {@link connectVisualizer}. */
export interface ConnectVisualizerOptions {
  /** The machine whose actors are tasks. Default: `taskMachine` from @capkit/core. */
  machineId?: string;
  /** Clock for time left; pass the client's `now` when it uses a simulated one. Default `Date.now`. */
  now?: () => number;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** An inspector that streams a client's tasks to a running visualizer. */
export interface VisualizerConnection {
  /** The inspector itself: `createClient({ inspect: connectVisualizer(url) })` passes it as a function. */
  (event: InspectionEvent): void;
  /** Resolves when everything recorded so far was sent (or failed to send). */
  flush: () => Promise<void>;
  /** How many batches the visualizer did not accept (it is down, or refused them). The client never sees these failures. */
  failures: () => number;
}

/**
 * An inspector for a client in another process than the visualizer (`capkit visualize`, or
 * `startVisualizer()` elsewhere): it turns the client's inspection events into
 * {@link TaskRecord}s here, in the client's process — redacted by construction, so no task
 * parameter, solution, error message or API key ever leaves it — and POSTs them, in order, to the
 * visualizer's `/ingest` endpoint. A visualizer that is down never slows or breaks the client: the
 * failed batches are counted ({@link VisualizerConnection.failures}) and dropped.
 *
 * @example
 * ```ts
 * import { createClient } from '@capkit/core';
 * import { connectVisualizer } from '@capkit/devtools';
 *
 * // `capkit visualize` printed http://127.0.0.1:7300/
 * const client = createClient({ apiKey, inspect: connectVisualizer('http://127.0.0.1:7300/') });
 * ```
 */
export function connectVisualizer(url: string | URL, options: ConnectVisualizerOptions = {}): VisualizerConnection {
  const endpoint = new URL('ingest', new URL(url));
  const send = options.fetch ?? globalThis.fetch;
  // Each process numbers its tasks task-1, task-2, …: the prefix keeps two processes' tasks apart.
  const source = randomBytes(4).toString('hex');
  const pending = new Map<string, TaskRecord>();
  const removed: string[] = [];
  let failed = 0;
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;

  const post = async (body: { records: TaskRecord[]; removed: string[] }) => {
    try {
      const response = await send(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        redirect: 'error',
      });
      await response.body?.cancel();
      if (!response.ok) failed += 1;
    } catch {
      failed += 1;
    }
  };

  /** One batch per turn of the event loop: a task's many snapshots collapse to its latest record. */
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    chain = chain.then(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      scheduled = false;
      const body = { records: [...pending.values()], removed: removed.splice(0) };
      pending.clear();
      await post(body);
    });
  };

  const tracker = createTaskTracker({
    machineId: options.machineId ?? taskMachine.id,
    ...(options.now ? { now: options.now } : {}),
    onRecord: (record) => {
      const id = `${source}:${record.id}`;
      pending.delete(id);
      pending.set(id, { ...record, id });
      schedule();
    },
    onRemove: (id) => {
      removed.push(`${source}:${id}`);
      schedule();
    },
  });

  const inspect = (event: InspectionEvent) => tracker.inspect(event);
  return Object.assign(inspect, {
    flush: async () => {
      // A batch may schedule while the previous one is in flight: wait until the chain is still.
      let last: Promise<void> | undefined;
      while (last !== chain) {
        last = chain;
        await chain;
      }
    },
    failures: () => failed,
  });
}
