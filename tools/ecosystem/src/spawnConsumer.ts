import { spawn, type SpawnOptions } from 'node:child_process';
import type { ScenarioResult } from './consumer/scenarios.ts';
import { RESULTS_MARKER } from './consumer/scenarios.ts';

/** What a runtime process printed, for failure messages. */
export interface ProcessOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** A started process: what it will have printed once it ends, and a way to end it. */
export interface StartedProcess {
  output: Promise<ProcessOutput>;
  kill(): void;
}

/**
 * Starts a process, collects what it prints, and kills it after `timeoutMs`. `output` rejects only when the
 * process cannot be started at all.
 */
export function startProcess(
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs: number },
): StartedProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new Promise<ProcessOutput>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
  return { output, kill: () => child.kill('SIGKILL') };
}

/** Runs a process to its end (see {@link startProcess}). */
export const runProcess = (command: string, args: string[], options: SpawnOptions & { timeoutMs: number }) =>
  startProcess(command, args, options).output;

/** The results line a server consumer printed; throws with the process's output when there is none. */
export function readResults(output: ProcessOutput): ScenarioResult[] {
  const line = output.stdout.split('\n').find((l) => l.startsWith(RESULTS_MARKER));
  if (!line) {
    const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `the consumer exited with ${output.code} and no results:\n${tail(output.stderr)}\n${tail(output.stdout)}`,
    );
  }
  return JSON.parse(line.slice(RESULTS_MARKER.length));
}
