import { createClient, scaleLimits, type Timers } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { expect, it } from 'vitest';
import { createRecordingFetch } from '../createRecordingFetch.js';
import { formatTable } from '../formatTable.js';

const TIME_SCALE = 0.01;
/** How long the process stalls (a GC pause, a busy event loop, a throttled container). */
const STALL_MS = 500;

/**
 * Timers as a process that stalls over a window sees them: a timer due inside the window fires only
 * when the stall ends. Every other timer fires on time.
 */
function stallingTimers() {
  const stall = { from: Infinity, to: Infinity };
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const due = Date.now() + ms;
      const firesAt = due >= stall.from && due <= stall.to ? stall.to : due;
      return setTimeout(callback, Math.max(0, firesAt - Date.now()));
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  return {
    timers,
    stallAround: (moment: number) => Object.assign(stall, { from: moment - STALL_MS, to: moment + STALL_MS }),
  };
}

it('never sends a query after the lifetime, even when the process stalls across the last moment', async () => {
  const emulator = await startEmulator({ seed: 3, timeScale: TIME_SCALE });
  try {
    const recording = createRecordingFetch((input, init) => fetch(input, init));
    const limits = { ...scaleLimits(TIME_SCALE), lifetimeSafetyMarginMs: 100 };
    const { timers, stallAround } = stallingTimers();
    const client = createClient({
      apiKey: 'CAP-EMULATOR-KEY',
      baseUrl: emulator.url,
      fetch: recording.fetch,
      timers,
      limits,
      maxRetries: 1_000,
      backoff: { baseDelayMs: 50, maxDelayMs: 50, jitter: 0 },
    });
    const task = {
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://stall.capkit.test/',
      websiteKey: 'site-key',
    } as const;
    // Warm up (connection, the emulator's validators), so that the emulator creates the task at
    // about the moment the client starts counting its lifetime.
    await client.createTask(task);
    // A task that is never ready, and every answer about it lost on the way back (the query is
    // counted, the body is garbage): the transport retries every 50 ms until the lifetime runs out.
    emulator.control.forceNext({ solveTimeMs: 100_000_000 });
    emulator.control.scriptFaults([{ method: 'getTaskResult', kind: 'malformed', times: 1_000 }]);
    const handle = client.start(task);
    // The lifetime is counted from here (stamped synchronously as createTask starts).
    const createdAt = handle.serialize().createdAt ?? Date.now();
    const lastAllowed = createdAt + limits.taskLifetimeMs - limits.lifetimeSafetyMarginMs;
    stallAround(lastAllowed);

    const error = await handle.result.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const queries = recording.requests.filter((request) => request.method === 'getTaskResult');
    const late = queries.filter((request) => request.sentAt > lastAllowed);
    const stats = emulator.stats();
    console.log(
      formatTable(
        `A ${2 * STALL_MS} ms stall across the last allowed moment (lifetime ${limits.taskLifetimeMs} ms)`,
        ['figure', 'value'],
        [
          ['queries sent', queries.length],
          ['sent after the last allowed moment', late.length],
          [
            'latest send (ms after the last allowed moment)',
            Math.max(...queries.map((request) => request.sentAt - lastAllowed)),
          ],
          ['queries after the lifetime (emulator)', stats.queriesAfterExpiry],
          ['outcome', error instanceof Error ? error.name : 'solution'],
        ],
      ),
    );
    expect(late.map((request) => request.sentAt - lastAllowed)).toEqual([]);
    expect(stats.queriesAfterExpiry).toBe(0);
  } finally {
    await emulator.close();
  }
});
