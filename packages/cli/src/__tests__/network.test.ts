import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runCapkit, startCapkit } from './support/runCapkit.js';

const KEY = 'CAP-EMULATOR-KEY';
const RECAPTCHA = [
  'solve',
  '--type',
  'ReCaptchaV2TaskProxyLess',
  '--param',
  'websiteURL=https://example.com/login',
  '--param',
  'websiteKey=site-key',
];

const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

function listen(server: Server | ReturnType<typeof createHttpServer>, sockets: Set<Socket>): Promise<string> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** A server that accepts connections and reads requests but never answers a byte. */
function silentServer(): Promise<string> {
  return listen(
    createTcpServer((socket) => socket.resume()),
    new Set(),
  );
}

/** An HTTP server that records each request and never answers it. */
async function hangingServer(): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  const url = await listen(
    createHttpServer((request: IncomingMessage) => void received.push(request.url ?? '')),
    new Set(),
  );
  return { url, received };
}

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const started = await startEmulator({ seed: 2, timeScale: 0.05, ...options });
  closers.push(() => started.close());
  return started;
}

describe.concurrent('capkit against servers that do not answer', () => {
  it('shows each retry as it happens and states the real total wait', async () => {
    const url = await silentServer();
    const running = startCapkit(['balance', '--request-timeout', '0.3'], emulatorEnv(url));
    await running.waitFor(/retrying getBalance in [\d.]+ s \(attempt 2 of 3, after TIMEOUT\)/);
    // Seen while the command still runs: not a summary printed at the end.
    expect(running.child.exitCode).toBeNull();
    const run = await running.done;
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/attempt 3 of 3/);
    const total = /Gave up after ([\d.]+) s in all \(2 retries\)/.exec(run.stderr);
    expect(total, run.stderr).not.toBeNull();
    // Three attempts of 0.3 s plus the backoff between them: more than one attempt's timeout.
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(0.9);
    expect(run.stderr).toMatch(/no answer within 300 ms/);
  });

  it('reports the total wait in --json too, with no log lines on stderr', async () => {
    const url = await silentServer();
    const run = await runCapkit(['balance', '--request-timeout', '0.2', '--json'], emulatorEnv(url));
    expect(run.code).toBe(5);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; waitedMs: number; message: string } };
    expect(error.code).toBe('TIMEOUT');
    expect(error.waitedMs).toBeGreaterThanOrEqual(600);
    expect(error.message).toMatch(/Gave up after [\d.]+ s in all \(2 retries\)/);
    expect(run.stderr).toBe('');
  });

  it('says the task may exist when cancelled while createTask is in flight', async () => {
    const server = await hangingServer();
    const running = startCapkit(RECAPTCHA, emulatorEnv(server.url));
    await expect.poll(() => server.received, { timeout: 20_000 }).toContain('/createTask');
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/createTask was in flight: the task may exist on the service/);
    expect(run.stderr).toMatch(/it was not re-sent/);
    expect(server.received.filter((path) => path === '/createTask')).toHaveLength(1);
  });

  it('says so in --json and after --timeout too', async () => {
    const server = await hangingServer();
    const run = await runCapkit([...RECAPTCHA, '--timeout', '0.5', '--json'], emulatorEnv(server.url));
    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string; mayExist?: boolean } };
    expect(error).toMatchObject({ code: 'CAPKIT_TIMEOUT', mayExist: true });
    expect(error.message).toMatch(/--timeout of 0.5 s ran out; createTask was in flight: the task may exist/);
  });
});

describe.concurrent('capkit progress and logs', () => {
  it('prints the task id as soon as createTask returns, long before the solution', async () => {
    const server = await emulator();
    server.control.forceNext({ solveTimeMs: 60_000 });
    const running = startCapkit(RECAPTCHA, emulatorEnv(server.url, { CAPKIT_TIME_SCALE: '0.05' }));
    await running.waitFor(/task [\w-]+ created/);
    expect(running.child.exitCode).toBeNull();
    const taskId = /task ([\w-]+) created/.exec(running.output().stderr)?.[1];
    expect(Object.keys(server.stats().queriesByTask)).toContain(taskId);
    running.child.kill('SIGINT');
    expect((await running.done).code).toBe(130);
  });

  it('--verbose and CAPKIT_LOG=debug log every request (path, status, time), never the key', async () => {
    const server = await emulator();
    for (const [args, extra] of [
      [['balance', '--verbose'], {}],
      [['balance'], { CAPKIT_LOG: 'debug' }],
    ] as const) {
      const run = await runCapkit(args, emulatorEnv(server.url, extra));
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/capkit: debug: → POST \/getBalance/);
      expect(run.stderr).toMatch(/capkit: debug: ← 200 \/getBalance in \d+ ms/);
      expect(run.stderr).not.toContain(KEY);
    }
    const quiet = await runCapkit(['balance'], emulatorEnv(server.url, { CAPKIT_LOG: 'warn' }));
    expect(quiet.stderr).toBe('');
  });
});
