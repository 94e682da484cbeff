/**
 * The emulator process of a benchmark: one emulator engine per contender, each served over node:http
 * on its own 127.0.0.1 port, all in this one process (so the clients' process measures only client
 * work). Every engine gets the same seed and solve-time distribution, so every contender faces the
 * same sequence of solve times.
 *
 * Besides the API, each server answers `GET /__bench/report` with the engine's stats plus which task
 * every served solution belongs to (peers that hide task ids are matched to their tasks by the
 * solution they hand over), and `GET /__bench/counters` with the requests received per method.
 *
 * Usage (by startEmulatorHost): `node … emulatorHost.ts '<HostConfig JSON>'`; prints one JSON line
 * `{ "urls": { name: url } }`, then serves until SIGTERM or until its parent closes stdin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEmulatorEngine,
  readRequestBody,
  sendReply,
  type EmulatorEngine,
  type EngineOptions,
} from '@capkit/emulator';

/** What the host starts: one engine per named instance. */
export interface HostConfig {
  instances: Array<{ name: string; options: EngineOptions }>;
}

/** What `GET /__bench/report` answers. */
export interface HostReport {
  stats: ReturnType<EmulatorEngine['stats']>;
  /** Every string of a served `ready` solution (tokens), mapped to its task id. */
  solutions: Record<string, string>;
}

/** Records the tokens of a `ready` getTaskResult answer, so a returned solution names its task. */
function tapSolution(solutions: Map<string, string>, requestBody: string, replyBody: string): void {
  if (!replyBody.includes('"ready"')) return;
  const reply = JSON.parse(replyBody) as { status?: string; solution?: Record<string, unknown> };
  const request = JSON.parse(requestBody) as { taskId?: unknown };
  if (reply.status !== 'ready' || !reply.solution) return;
  for (const [key, value] of Object.entries(reply.solution)) {
    if (typeof value === 'string' && value.length >= 16 && !/agent/i.test(key))
      solutions.set(value, String(request.taskId));
  }
}

/** A JSON answer of the host's own routes. */
const jsonAnswer = (value: unknown) => ({
  type: 'response' as const,
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

async function serve(
  engine: EmulatorEngine,
  solutions: Map<string, string>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const { body } = await readRequestBody(request);
  const path = request.url ?? '/';
  if (path.startsWith('/__bench/counters')) {
    // Cheap to read while a run is measured: requests per method only.
    sendReply(request, response, jsonAnswer(engine.stats().requestsByMethod));
    return;
  }
  if (path.startsWith('/__bench/report')) {
    const report: HostReport = { stats: engine.stats(), solutions: Object.fromEntries(solutions) };
    sendReply(request, response, jsonAnswer(report));
    return;
  }
  const reply = await engine.handle({ method: request.method ?? 'GET', path, body });
  if (reply.type === 'response' && path.includes('getTaskResult') && reply.status === 200)
    tapSolution(solutions, body, reply.body);
  sendReply(request, response, reply);
}

async function startInstance(options: EngineOptions): Promise<string> {
  const engine = createEmulatorEngine(options);
  const solutions = new Map<string, string>();
  const server = createServer((request, response) => {
    serve(engine, solutions, request, response).catch(() => request.socket.destroy());
  });
  // Clients poll every few seconds; keep their connections open between polls.
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{"instances":[]}') as HostConfig;
  const urls: Record<string, string> = {};
  for (const instance of config.instances) urls[instance.name] = await startInstance(instance.options);
  process.stdout.write(`${JSON.stringify({ urls })}\n`);
  const stop = () => process.exit(0);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent holds our stdin: when it goes away, so do we.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator host: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
