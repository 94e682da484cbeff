import { spawnSync } from 'node:child_process';
import { BENCH_DIR } from './process/spawnTs.js';
import { quantile, round } from './stats.js';

/** How long importing one package's Node entry point takes in a fresh process. */
export interface ColdStartResult {
  id: string;
  specifier: string;
  runs: number;
  /** Median ms of `await import(specifier)` inside a fresh process. */
  importMs?: number;
  /** Median ms from spawning `node` to its exit (process start included). */
  processMs?: number;
  error?: string;
}

/** What is imported: capkit's Node package (its built `dist`, as users get it) and each peer. */
export const COLD_START_CASES = [
  { id: 'capkit-node', specifier: '@capkit/node' },
  { id: 'capmonster', specifier: '@zennolab_com/capmonstercloud-client' },
  { id: 'anticaptcha', specifier: '@antiadmin/anticaptchaofficial' },
] as const;

function once(specifier: string): { importMs: number; processMs: number } {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const started = performance.now();
  // No source condition: Node resolves the packages' published entry points (dist).
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: BENCH_DIR, encoding: 'utf8' });
  const processMs = performance.now() - started;
  if (run.status !== 0)
    throw new Error(run.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit code ${String(run.status)}`);
  return { importMs: Number(run.stdout), processMs };
}

/** Imports `specifier` in `runs` fresh processes (after one unmeasured run that warms the disk cache). */
export function measureColdStart(id: string, specifier: string, runs: number): ColdStartResult {
  try {
    once(specifier);
    const samples = Array.from({ length: runs }, () => once(specifier));
    return {
      id,
      specifier,
      runs,
      importMs: round(
        quantile(
          samples.map((sample) => sample.importMs),
          0.5,
        ),
        1,
      ),
      processMs: round(
        quantile(
          samples.map((sample) => sample.processMs),
          0.5,
        ),
        1,
      ),
    };
  } catch (error) {
    return { id, specifier, runs, error: error instanceof Error ? error.message : String(error) };
  }
}
