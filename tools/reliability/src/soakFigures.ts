import { FAULT_KINDS } from '@capkit/emulator';
import { METHODS } from '@capkit/api';
import { formatTable, tally, tallyRows } from './formatTable.js';
import { outcomeOf } from './outcomeOf.js';
import type { ChaosSoakReport } from './runChaosSoak.js';

/** The largest value of a record, 0 when empty. */
export function maxOf(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((max, value) => Math.max(max, value), 0);
}

/** The soak's figures as printable tables: the run, the faults injected by kind and method, the outcomes. */
export function soakFigures(report: ChaosSoakReport): string {
  const { stats, options, solves } = report;
  const faultRows = FAULT_KINDS.map((kind) => [
    kind,
    ...METHODS.map((method) => stats.faults.filter((fault) => fault.kind === kind && fault.method === method).length),
    stats.faultsInjected[kind],
  ]);
  const requests = Object.values(stats.requestsByMethod).reduce((sum, count) => sum + count, 0);
  const faults = stats.faults.length;
  const run = formatTable(
    `Chaos soak (seed ${options.seed}, time scale ${options.timeScale}, ${Math.round(options.faultRate * 100)} % faults)`,
    ['figure', 'value'],
    [
      ['solves', solves.length],
      ['duration (ms)', report.durationMs],
      ['requests received', requests],
      ['faults injected', faults],
      ['fault share (%)', Number(((faults / Math.max(1, requests)) * 100).toFixed(1))],
      ['createTask requests', stats.createTaskCalls],
      ['tasks created', stats.tasksCreated],
      ['solves with > 1 task created', solves.filter((solve) => solve.tasksCreated > 1).length],
      ['most queries for one task', maxOf(stats.queriesByTask)],
      ['queries over the budget', stats.queriesOverBudget],
      ['queries after the lifetime', stats.queriesAfterExpiry],
      ['unhandled rejections', report.unhandledRejections.length],
    ],
  );
  const faultTable = formatTable('Faults injected by kind and method', ['kind', ...METHODS, 'total'], faultRows);
  const outcomes = formatTable(
    'Outcomes',
    ['outcome', 'solves'],
    tallyRows(tally(solves.map((solve) => outcomeOf(solve.result)))),
  );
  return [run, faultTable, outcomes].join('\n');
}
