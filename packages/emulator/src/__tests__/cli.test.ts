import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_PREFIX } from '../index.js';
import { parseCliArgs } from '../parseCliArgs.js';
import { apiFor } from './helpers/api.js';
import { turnstileTask } from './helpers/tasks.js';

const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url));

/** Runs the CLI from source (tsx, reading sibling packages through the @capkit/source condition). */
function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=@capkit/source', '--import', 'tsx', BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

describe('parseCliArgs', () => {
  it('maps every flag to an option', () => {
    const args = [
      ['--port', '8080', '--host', '0.0.0.0', '--seed', '7', '--time-scale', '0.01'],
      ['--fault-rate', '0.2', '--fault-kinds', 'http503,latency', '--api-key', 'A', '--api-key', 'B'],
      ['--balance', '5', '--lenient', '--task-id-format', 'numeric'],
    ].flat();
    expect(parseCliArgs(args)).toEqual({
      kind: 'start',
      options: {
        port: 8080,
        host: '0.0.0.0',
        seed: 7,
        timeScale: 0.01,
        faults: { rate: 0.2, kinds: ['http503', 'latency'] },
        apiKeys: ['A', 'B'],
        balance: 5,
        lenient: true,
        taskIdFormat: 'numeric',
      },
    });
  });

  it('maps each accept switch and --idle-fraction to its option', () => {
    const args = [
      ['--accept-unknown-task-types', '--accept-key-aliases', '--accept-numeric-task-ids'],
      ['--accept-invalid-envelope', '--accept-missing-key', '--idle-fraction', '0.1'],
    ].flat();
    expect(parseCliArgs(args)).toEqual({
      kind: 'start',
      options: {
        acceptUnknownTaskTypes: true,
        acceptKeyAliases: true,
        acceptNumericTaskIds: true,
        acceptInvalidEnvelope: true,
        acceptMissingKey: true,
        idleFraction: 0.1,
      },
    });
    expect(parseCliArgs(['--idle-fraction', 'some'])).toMatchObject({ kind: 'error' });
  });

  it("leaves defaults to the emulator and maps --api-key '*' to any key", () => {
    expect(parseCliArgs([])).toEqual({ kind: 'start', options: {} });
    expect(parseCliArgs(['--api-key', '*'])).toEqual({ kind: 'start', options: { apiKeys: '*' } });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([[['--port', 'eighty']], [['--fault-kinds', 'gremlins']], [['--task-id-format', 'hex']], [['--unknown']]])(
    'reports %j as an error',
    (args) => {
      expect(parseCliArgs(args)).toMatchObject({ kind: 'error', message: expect.any(String) });
    },
  );
});

describe('capkit-emulator CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('prints its URL first, serves the API and stops cleanly on SIGTERM', async () => {
    child = runCli(['--seed', '5', '--time-scale', '0.001', '--task-id-format', 'numeric']);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await apiFor(url).createTask(turnstileTask());
    expect(created.json?.taskId).toMatch(/^\d+$/);
    const stats = await (await fetch(`${url}${CONTROL_PREFIX}stats`)).json();
    expect(stats).toMatchObject({ seed: 5, timeScale: 0.001, tasksCreated: 1 });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits with code 2 and the usage on a bad flag', async () => {
    child = runCli(['--time-scale', 'fast']);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('--time-scale must be a number');
    expect(stderr).toContain('Usage: capkit-emulator');
  });
});
