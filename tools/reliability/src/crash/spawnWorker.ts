import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CHILD_BUNDLES } from '../bundleChildProcesses.js';
import type { WorkerEvent } from './crashProtocol.js';

/** A running crash worker. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Every event it reported so far, with the epoch ms it arrived. */
  readonly events: ReadonlyArray<WorkerEvent & { at: number }>;
  /** Resolves with the first event (past or future) that matches; rejects if the worker exits first. */
  waitFor(match: (event: WorkerEvent) => boolean): Promise<WorkerEvent>;
  /** Resolves with the exit code (null when killed by a signal) once the worker has exited. */
  readonly exit: Promise<number | null>;
  /** What it wrote on stderr. */
  stderr(): string;
}

/**
 * Spawns the crash worker (`crashWorker.ts`, bundled from source by the global setup: no package
 * needs a build) with the key and base URL in its environment, and follows its JSON-lines stdout.
 */
export function spawnWorker(args: readonly string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [CHILD_BUNDLES.crashWorker, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Array<WorkerEvent & { at: number }> = [];
  const waiters = new Set<{ match: (event: WorkerEvent) => boolean; resolve: (event: WorkerEvent) => void }>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let event: WorkerEvent;
    try {
      event = JSON.parse(line) as WorkerEvent;
    } catch {
      stderr += `(stdout) ${line}\n`;
      return;
    }
    events.push({ ...event, at: Date.now() });
    for (const waiter of waiters) {
      if (!waiter.match(event)) continue;
      waiters.delete(waiter);
      waiter.resolve(event);
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    events,
    exit,
    stderr: () => stderr,
    waitFor: (match) =>
      new Promise<WorkerEvent>((resolve, reject) => {
        const seen = events.find(match);
        if (seen) return resolve(seen);
        waiters.add({ match, resolve });
        void exit.then((code) =>
          reject(new Error(`the worker exited (${code}) before the awaited event; stderr:\n${stderr}`)),
        );
      }),
  };
}
