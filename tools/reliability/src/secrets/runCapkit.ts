import { spawn } from 'node:child_process';
import { CHILD_BUNDLES } from '../bundleChildProcesses.js';

/** What a `capkit` run printed, and how it exited. */
export interface CapkitRun {
  args: readonly string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `capkit` command as a user would (its `src/bin.ts`, bundled from source by the global
 * setup), in a child process with `env` added to this process's environment (minus any CAPSOLVER_*
 * variables of the machine running the tests), and collects everything it prints.
 */
export function runCapkit(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CapkitRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CAPSOLVER_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD_BUNDLES.capkit, ...args], {
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ args, exitCode, stdout, stderr });
    });
  });
}
