import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TracedCreate, TracingEmulator } from '../startTracingEmulator.js';
import type { SeededRandom } from '../seededRandom.js';
import { crashTask, isBudgetTask, type WorkerEvent } from './crashProtocol.js';
import { spawnWorker, type WorkerProcess } from './spawnWorker.js';

/** Where a task stood when its worker was killed. */
export type KillPhase = 'before createTask' | 'during createTask' | 'after createTask' | 'polling' | 'finished';

/** One task of one run, followed through the kill and the restart. */
export interface CrashedSolve {
  run: string;
  url: string;
  budgetTask: boolean;
  phase: KillPhase;
  /** createTask requests the emulator received for it, in both processes. */
  creates: TracedCreate[];
  /** createTask requests the restarted process sent (it must send none). */
  createsAfterRestart: number;
  /** The record the restarted process found in the store, if any. */
  stored: { taskId: string | undefined; state: string; queries: number } | undefined;
  /** How it ended: in the first process before the kill, or in the restarted one. */
  settled: (WorkerEvent & { event: 'settled' }) | undefined;
  settledBy: 'first' | 'restart' | undefined;
  /** Every task id either process reported for it. */
  taskIds: string[];
}

/** One kill-and-restart cycle. */
export interface CrashRunResult {
  run: string;
  killAfterMs: number;
  solves: CrashedSolve[];
  restartExitCode: number | null;
  restartStderr: string;
}

/** Settings of one run. */
export interface CrashRunOptions {
  run: string;
  tasks: number;
  emulator: TracingEmulator;
  timeScale: number;
  random: SeededRandom;
  /** The kill comes at a random moment in [0, killWindowMs] after the worker is ready. */
  killWindowMs: number;
}

const settledEvent = (events: readonly WorkerEvent[], url: string) =>
  events.find((event): event is WorkerEvent & { event: 'settled' } => event.event === 'settled' && event.url === url);

function phaseAtKill(events: readonly WorkerEvent[], url: string): KillPhase {
  if (settledEvent(events, url)) return 'finished';
  const last = events
    .filter((event): event is WorkerEvent & { event: 'progress' } => event.event === 'progress' && event.url === url)
    .at(-1);
  if (!last) return 'before createTask';
  // The task ended in this process (the kill only beat the line that reports its outcome; its
  // record is already gone, or the restart finishes it again).
  if (last.state === 'ready' || last.state === 'error') return 'finished';
  if (last.taskId === undefined) return 'during createTask';
  return last.queries === 0 ? 'after createTask' : 'polling';
}

function taskIdsOf(events: readonly WorkerEvent[], url: string): string[] {
  const ids = events.flatMap((event) => {
    if (event.event === 'progress' || event.event === 'settled') return event.url === url ? [event.taskId] : [];
    if (event.event === 'pending')
      return event.records.filter((record) => record.url === url).map((record) => record.taskId);
    return [];
  });
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

async function killAfter(worker: WorkerProcess, delayMs: number): Promise<void> {
  await worker.waitFor((event) => event.event === 'ready');
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  worker.child.kill('SIGKILL');
  await worker.exit;
}

/**
 * Starts a worker on a fresh store, SIGKILLs it at a random moment (drawn from the seeded random
 * stream), restarts it on the same store, waits for the restarted one to finish, and tells for each
 * task where it was killed and how it ended.
 */
export async function runCrashRun(options: CrashRunOptions): Promise<CrashRunResult> {
  const { run, emulator } = options;
  const dir = await mkdtemp(join(tmpdir(), `capkit-crash-${run}-`));
  const env = {
    CAPSOLVER_API_KEY: 'CAP-EMULATOR-KEY',
    CAPSOLVER_BASE_URL: emulator.url,
    CAPKIT_TIME_SCALE: String(options.timeScale),
  };
  const killAfterMs = options.random.int(0, options.killWindowMs);
  try {
    const first = spawnWorker(['start', dir, run, String(options.tasks)], env);
    await killAfter(first, killAfterMs);
    const restart = spawnWorker(['resume', dir], env);
    const restartExitCode = await restart.exit;
    const urls = Array.from({ length: options.tasks }, (_, index) => String(crashTask(run, index).websiteURL));
    const pending = (restart.events as readonly WorkerEvent[]).find(
      (event): event is WorkerEvent & { event: 'pending' } => event.event === 'pending',
    );
    const solves = urls.map((url, index): CrashedSolve => {
      const creates = emulator.creates.filter((create) => create.websiteURL === url);
      const firstSettled = settledEvent(first.events, url);
      const restartSettled = settledEvent(restart.events, url);
      return {
        run,
        url,
        budgetTask: isBudgetTask(index),
        phase: phaseAtKill(first.events, url),
        creates,
        createsAfterRestart: creates.filter((create) => create.tag === 'resume').length,
        stored: pending?.records.find((record) => record.url === url),
        settled: restartSettled ?? firstSettled,
        settledBy: restartSettled ? 'restart' : firstSettled ? 'first' : undefined,
        taskIds: taskIdsOf([...first.events, ...restart.events], url),
      };
    });
    return { run, killAfterMs, solves, restartExitCode, restartStderr: restart.stderr() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
