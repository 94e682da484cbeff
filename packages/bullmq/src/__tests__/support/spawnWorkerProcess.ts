import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../fixtures/solveWorkerProcess.ts', import.meta.url));

/** A solve worker running in a child process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** Settings passed to the worker process through its environment. */
export interface WorkerProcessSettings {
  redisUrl: string;
  emulatorUrl: string;
  queue: string;
  workerName: string;
  timeScale: number;
  pollMs: number;
  concurrency: number;
}

/**
 * Starts `fixtures/solveWorkerProcess.ts` under the same Node as the tests (tsx + the `@capkit/source`
 * condition, so no build is needed) and resolves once its worker is connected to Redis.
 */
export async function spawnWorkerProcess(settings: WorkerProcessSettings): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@capkit/source', SCRIPT], {
    env: {
      ...process.env,
      CAPKIT_REDIS_URL: settings.redisUrl,
      CAPKIT_EMULATOR_URL: settings.emulatorUrl,
      CAPKIT_QUEUE: settings.queue,
      CAPKIT_WORKER_NAME: settings.workerName,
      CAPKIT_TIME_SCALE: String(settings.timeScale),
      CAPKIT_POLL_MS: String(settings.pollMs),
      CAPKIT_CONCURRENCY: String(settings.concurrency),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    void exited.then((how) =>
      reject(new Error(`worker ${settings.workerName} exited (${String(how)}) before it was ready:\n${stderr}`)),
    );
  });
  return { child, stderr: () => stderr, exited };
}
