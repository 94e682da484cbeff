import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The bench package's folder: children resolve `tsx` and the workspace packages from here. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Node flags that run the workspace from source (the `@capkit/source` export condition, TypeScript via tsx). */
export const SOURCE_FLAGS = ['--conditions=@capkit/source', '--import', 'tsx'] as const;

/** Starts `node [flags] <file> [args]` from source, with stdin piped (the child exits when it closes). */
export function spawnTs(file: string, args: readonly string[] = [], nodeFlags: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, ...SOURCE_FLAGS, fileURLToPath(new URL(file, import.meta.url)), ...args], {
    cwd: BENCH_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the first stdout line of `child` parsed as JSON; rejects if it exits first. */
export function firstJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`${what} exited with code ${String(code)} before answering`));
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
