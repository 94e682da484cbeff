import Table from 'cli-table3';
import type pc from 'picocolors';
import { formatLatency } from '../formatDuration.js';

/** One finished task of the demo batch. */
export interface DemoRow {
  type: string;
  mode: 'sync' | 'async';
  /** What the batch meant to show with this task (`solved`, `forced unsolvable`, …). */
  scenario: string;
  ok: boolean;
  /** The error code when it failed. */
  code?: string;
  queries: number;
  latencyMs: number;
}

/** Batch-wide numbers printed under the table. */
export interface DemoTotals {
  wallMs: number;
  createTaskCalls: number;
  getTaskResultCalls: number;
  faultsInjected: number;
}

/**
 * Renders the demo's summary: a table (task type, outcome and why, queries, latency) and totals.
 * `color` off gives a table without escape codes, fit for logs.
 */
export function renderSummary(
  rows: readonly DemoRow[],
  totals: DemoTotals,
  colors: ReturnType<typeof pc.createColors>,
): string {
  const table = new Table({
    head: ['#', 'task type', 'mode', 'scenario', 'outcome', 'queries', 'latency'],
    style: { head: colors.isColorSupported ? ['cyan'] : [], border: colors.isColorSupported ? ['grey'] : [] },
    // No rule between rows: the table stays as tall as the batch.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  rows.forEach((row, index) => {
    const outcome = row.ok ? colors.green('solved') : colors.red(`failed: ${row.code ?? 'unknown'}`);
    table.push([
      String(index + 1),
      row.type,
      row.mode,
      row.scenario,
      outcome,
      String(row.queries),
      formatLatency(row.latencyMs),
    ]);
  });
  const solved = rows.filter((row) => row.ok).length;
  const queries = rows.reduce((sum, row) => sum + row.queries, 0);
  const lines = [
    table.toString(),
    `${colors.bold('Totals:')} ${solved} solved, ${rows.length - solved} failed of ${rows.length} tasks in ${formatLatency(totals.wallMs)}; ` +
      `${queries} result queries (${totals.getTaskResultCalls} requests seen by the emulator), ${totals.createTaskCalls} createTask calls, ` +
      `${totals.faultsInjected} injected fault(s).`,
  ];
  return lines.join('\n');
}
