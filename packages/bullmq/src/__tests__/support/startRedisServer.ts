import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A `redis-server` started for the tests, listening on 127.0.0.1. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const MISSING = [
  'redis-server is not installed, so the @capkit/bullmq tests cannot run against a real Redis.',
  'Install the Debian package: `sudo apt-get update && sudo apt-get install -y redis-server`',
  '(the repository test command `npm test` installs it through tools/scripts/install-deps.sh).',
].join('\n');

/**
 * Starts a throw-away `redis-server` on a free 127.0.0.1 port with persistence off (`--save ''`,
 * `--appendonly no`) and the eviction policy BullMQ requires (`noeviction`). Fails loudly when the
 * binary is missing: a skipped queue test would hide a broken package.
 */
export async function startRedisServer(): Promise<RedisServer> {
  let lastError: unknown;
  // A free port found by binding port 0 can be taken again before redis binds it; try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await findFreePort();
    try {
      const child = await spawnRedis(port);
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
    } catch (error) {
      if (error instanceof RedisMissingError) throw error;
      lastError = error;
    }
  }
  throw new Error(`redis-server did not start: ${String(lastError)}`);
}

class RedisMissingError extends Error {}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--loglevel', 'notice');
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const fail = (error: Error): void => {
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? new RedisMissingError(MISSING) : error),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.removeAllListeners('exit');
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
