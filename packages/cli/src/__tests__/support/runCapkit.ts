import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_BIN } from './bundleBin.js';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..', '..');

/** What a finished `capkit` run left behind. */
export interface CapkitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A `capkit` child process that is still running. */
export interface RunningCapkit {
  child: ChildProcess;
  /** Resolves once stdout+stderr match `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
  /** What the process printed so far. */
  output(): { stdout: string; stderr: string };
  done: Promise<CapkitRun>;
}

/**
 * Starts the real `capkit` bin in a child process: `src/bin.ts` bundled from source by the global
 * setup (see `bundleBin.ts`), so no package needs a build. stdout and stderr are pipes, so the process
 * sees no TTY. The environment is clean of CAPSOLVER_*, CAPKIT_* and NO_COLOR unless `env` sets them.
 */
export function startCapkit(args: readonly string[], env: Record<string, string> = {}): RunningCapkit {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CAPSOLVER_|CAPKIT_|NO_COLOR|FORCE_COLOR)/.test(name)),
  );
  const child = spawn(process.execPath, [TEST_BIN, ...args], {
    cwd: PACKAGE_DIR,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => {
    for (const watcher of watchers.splice(0)) {
      if (watcher.pattern.test(stdout + stderr)) watcher.resolve();
      else watchers.push(watcher);
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const done = new Promise<CapkitRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout + stderr)) return resolve();
        watchers.push({ pattern, resolve });
        void done.then((run) =>
          reject(new Error(`capkit exited (${run.code}) before printing ${pattern}:\n${run.stdout}\n${run.stderr}`)),
        );
      }),
  };
}

/** Runs `capkit` to completion. */
export function runCapkit(args: readonly string[], env: Record<string, string> = {}): Promise<CapkitRun> {
  return startCapkit(args, env).done;
}

/** The environment pointing capkit at an emulator. */
export function emulatorEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CAPSOLVER_API_KEY: 'CAP-EMULATOR-KEY', CAPSOLVER_BASE_URL: url, ...extra };
}

/** Total requests an emulator received, whatever the method. */
export function totalRequests(stats: { requestsByMethod: Record<string, number> }): number {
  return Object.values(stats.requestsByMethod).reduce((sum, count) => sum + count, 0);
}
