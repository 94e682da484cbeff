import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { required } from '../required.js';

/** The bench package's folder: children resolve `tsx` and the workspace packages from here. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Node flags that load the bench's own TypeScript through tsx while the workspace packages resolve to
 * their built `dist/index.mjs`, as users get them (tsx compiles TypeScript files only; the built
 * JavaScript runs as it is, without the `__name` wrappers tsx adds to what it compiles).
 */
export const DIST_FLAGS = ['--import', 'tsx'] as const;

/** Node flags that run the workspace from source (the `@capkit/source` export condition, TypeScript via tsx). */
export const SOURCE_FLAGS = ['--conditions=@capkit/source', ...DIST_FLAGS] as const;

/** Where a child takes the workspace packages from: their TypeScript source, or their built `dist`. */
export type PackageOrigin = 'source' | 'dist';

/**
 * Starts `node [flags] <file> [args]` (a TypeScript file of the bench, through tsx) with stdin piped
 * (the child exits when it closes); the workspace packages come from `packages`.
 */
export function spawnTs(
  file: string,
  args: readonly string[] = [],
  nodeFlags: readonly string[] = [],
  packages: PackageOrigin = 'source',
): ChildProcess {
  const flags = packages === 'dist' ? DIST_FLAGS : SOURCE_FLAGS;
  return spawn(process.execPath, [...nodeFlags, ...flags, fileURLToPath(new URL(file, import.meta.url)), ...args], {
    cwd: BENCH_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the first stdout line of `child` parsed as JSON; rejects if it exits first. */
export function firstJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: required(child.stdout, `${what}'s stdout pipe`) });
    const onExit = (code: number | null) =>
      reject(new Error(`${what} exited with code ${String(code)} before answering`));
    child.once('exit', onExit);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      lines.close();
      try {
        resolve(JSON.parse(line) as T);
      } catch (error) {
        reject(new Error(`${what} printed something that is not JSON: ${line.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

/** Stops a child we started (SIGTERM, then SIGKILL after `graceMs`), resolving once it has exited. */
export function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
