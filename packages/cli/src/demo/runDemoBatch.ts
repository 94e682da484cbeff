import { TASK_TYPES } from '@capkit/api';
import { isCapSolverError, scaleLimits, type Inspector, type TaskProgress } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { createClient } from '@capkit/node';
import { DEMO_BATCH, type DemoTask } from './demoBatch.js';
import type { DemoRow, DemoTotals } from './renderSummary.js';

/** Options of {@link runDemoBatch}. */
export interface DemoBatchOptions {
  /** The emulator's time scale; the client's limits are scaled to match. */
  timeScale: number;
  seed: number;
  /** The batch; default {@link DEMO_BATCH}. */
  batch?: readonly DemoTask[];
  /** An XState inspector for every task (the visualizer's). */
  inspect?: Inspector;
  onStart?: (index: number, entry: DemoTask) => void;
  onProgress?: (index: number, progress: TaskProgress) => void;
  onFinish?: (index: number, row: DemoRow) => void;
  signal?: AbortSignal;
}

/** What the batch did: one row per task (in batch order), totals, and whether every task met its expectation. */
export interface DemoBatchResult {
  rows: DemoRow[];
  totals: DemoTotals;
  asExpected: boolean;
  /** The scaled task lifetime, for "elapsed … of …" displays. */
  lifetimeMs: number;
}

/**
 * Runs the demo batch against an in-process emulator: every task at once through one keep-alive
 * client, with one scripted HTTP 503 on the first result query that the transport retries. The
 * emulator is closed whatever happens.
 */
export async function runDemoBatch(options: DemoBatchOptions): Promise<DemoBatchResult> {
  const batch = options.batch ?? DEMO_BATCH;
  const emulator = await startEmulator({ seed: options.seed, timeScale: options.timeScale });
  try {
    emulator.control.scriptFaults([{ method: 'getTaskResult', kind: 'http503', times: 1 }]);
    const limits = scaleLimits(options.timeScale);
    const client = createClient({
      apiKey: 'CAP-EMULATOR-KEY',
      baseUrl: emulator.url,
      env: {},
      limits,
      ...(options.inspect ? { inspect: options.inspect } : {}),
    });
    const startedAt = Date.now();
    const rows = await Promise.all(
      batch.map(async (entry, index): Promise<DemoRow> => {
        options.onStart?.(index, entry);
        const handle = client.start(entry.task, options.signal ? { signal: options.signal } : {});
        const unsubscribe = handle.subscribe((progress) => options.onProgress?.(index, progress));
        const row = await handle.result.then(
          (result) => toRow(entry, { ok: true, queries: result.queries, latencyMs: result.elapsedMs }),
          (error: unknown) => {
            const progress = handle.getSnapshot();
            const code = isCapSolverError(error) ? String(error.code) : 'CAPKIT_INTERNAL';
            return toRow(entry, { ok: false, code, queries: progress.queries, latencyMs: progress.elapsedMs });
          },
        );
        unsubscribe();
        options.onFinish?.(index, row);
        return row;
      }),
    );
    const stats = emulator.stats();
    const totals: DemoTotals = {
      wallMs: Date.now() - startedAt,
      createTaskCalls: stats.createTaskCalls,
      getTaskResultCalls: stats.requestsByMethod.getTaskResult,
      faultsInjected: stats.faults.length,
    };
    const asExpected = rows.every((row, index) => (row.ok ? 'solved' : row.code) === batch[index]?.expect);
    return { rows, totals, asExpected, lifetimeMs: limits.taskLifetimeMs };
  } finally {
    await emulator.close();
  }
}

function toRow(entry: DemoTask, outcome: { ok: boolean; code?: string; queries: number; latencyMs: number }): DemoRow {
  return { type: entry.task.type, mode: TASK_TYPES[entry.task.type].mode, scenario: entry.scenario, ...outcome };
}
