import type { EmulatorStats } from '@capkit/emulator';
import { formatTable, tally } from '../formatTable.js';
import { maxOf } from '../soakFigures.js';
import type { CrashedSolve, CrashRunResult, KillPhase } from './runCrashRun.js';

const PHASES: readonly KillPhase[] = [
  'before createTask',
  'during createTask',
  'after createTask',
  'polling',
  'finished',
];

/** How a solve ended, for the table: its outcome, `never sent` (killed before createTask left), or `LOST`. */
function endOf(solve: CrashedSolve): string {
  if (solve.settled) return solve.settled.outcome;
  return solve.creates.length === 0 ? 'never sent' : 'LOST';
}

/**
 * Whether a task interrupted after its createTask reached the service was recovered: the restarted
 * process followed it by id to a solution or a typed error of the task (not "may exist").
 */
export function wasRecovered(solve: CrashedSolve): boolean {
  return (
    solve.settledBy === 'restart' &&
    solve.settled !== undefined &&
    solve.settled.outcome !== 'TaskMayExistError' &&
    !solve.settled.outcome.startsWith('UNTYPED')
  );
}

/** The crash suite's figures: outcomes by kill phase, and the recovery rate. */
export function crashFigures(runs: readonly CrashRunResult[], stats: EmulatorStats, seed: number): string {
  const solves = runs.flatMap((run) => run.solves);
  const outcomes = [...new Set(solves.map(endOf))].sort();
  const byPhase = PHASES.map((phase) => {
    const inPhase = solves.filter((solve) => solve.phase === phase);
    const counts = tally(inPhase.map(endOf));
    return [phase, inPhase.length, ...outcomes.map((outcome) => counts.get(outcome) ?? 0)];
  });
  const interrupted = solves.filter(
    (solve) => solve.phase !== 'finished' && solve.creates.some((create) => create.processed),
  );
  const recovered = interrupted.filter(wasRecovered);
  const mayExist = interrupted.filter((solve) => solve.settled?.outcome === 'TaskMayExistError');
  const storedWithId = solves.filter((solve) => solve.stored?.taskId !== undefined);
  const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
  const summary = formatTable(
    `Crash and restart (seed ${seed}, ${runs.length} SIGKILLs)`,
    ['figure', 'value'],
    [
      ['runs (SIGKILL + restart)', runs.length],
      ['tasks', solves.length],
      ['interrupted with a created task', interrupted.length],
      ['recovered by the restart (by id)', recovered.length],
      ['reported TaskMayExistError (id not on disk yet)', mayExist.length],
      ['recovery rate (%)', percent(recovered.length, interrupted.length)],
      ['tasks whose id was on disk at the kill', storedWithId.length],
      ['  of those recovered by id (%)', percent(storedWithId.filter(wasRecovered).length, storedWithId.length)],
      ['createTask sent again after restart', solves.reduce((sum, solve) => sum + solve.createsAfterRestart, 0)],
      ['most queries for one task (both processes)', maxOf(stats.queriesByTask)],
      ['queries over the budget', stats.queriesOverBudget],
      ['queries after the lifetime', stats.queriesAfterExpiry],
    ],
  );
  const phases = formatTable('Outcome by where the kill landed', ['killed', 'tasks', ...outcomes], byPhase);
  return [summary, phases].join('\n');
}
