import { taskMachine } from '@capkit/core/machine';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyStateMachine, InspectionEvent } from 'xstate';
import { createEventChannel } from './createEventChannel.js';
import { createTaskTracker } from './createTaskTracker.js';
import { layoutGraph } from './layoutGraph.js';
import { METRICS } from './layoutMetrics.js';
import { parseTaskRecord } from './parseTaskRecord.js';
import { renderVisualizerPage } from './renderVisualizerPage.js';
import { toMachineGraph } from './toMachineGraph.js';
import type { TaskRecord } from './toTaskRecord.js';
import type { VisualizerClientConfig } from './visualizerClient.js';

/** Options of {@link startVisualizer}. */
export interface VisualizerOptions {
  /** The machine to draw and follow; its id selects which actors are tasks. Default: `taskMachine` from @capkit/core. */
  machine?: AnyStateMachine;
  /** Default `0`: any free port (read it from `url`). */
  port?: number;
  /** Default `'127.0.0.1'`. The page shows no secrets, but it is still only meant for this machine. */
  host?: string;
  /** Page title. Default `'capkit visualizer'`. */
  title?: string;
  /** Clock for time left; pass the client's `now` when it uses a simulated one. Default `Date.now`. */
  now?: () => number;
  /** Final states that mean success. Default: final states named ready, done, success, solved or completed. */
  successStates?: string[];
  /** How many finished tasks stay on the page. Default 50. */
  maxFinished?: number;
}

/** A running visualizer. */
export interface Visualizer {
  /** The page, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** Pass as the client's `inspect` option: `createClient({ apiKey, inspect: visualizer.inspect })`. */
  inspect: (event: InspectionEvent) => void;
  /** The records the page currently shows. */
  tasks: () => TaskRecord[];
  /** Ends open event streams and stops the server. */
  close: () => Promise<void>;
}

const SUCCESS_NAMES = /^(ready|done|success|succeeded|solved|complete|completed)$/i;

/**
 * Serves a live view of a client's tasks on a local page: the lifecycle diagram, drawn from the
 * machine definition, with the state of every running task highlighted, its queries used and its
 * time left, streamed with Server-Sent Events.
 *
 * The page is one self-contained document (no CDN, no fonts, nothing fetched but its own event
 * stream), sent with a strict Content-Security-Policy; requests naming another host are refused,
 * so other web pages cannot read it through DNS rebinding.
 *
 * @example
 * ```ts
 * import { createClient } from '@capkit/core';
 * import { startVisualizer } from '@capkit/devtools';
 *
 * const visualizer = await startVisualizer();
 * console.log(`open ${visualizer.url}`);
 * const client = createClient({ apiKey: process.env.CAPSOLVER_API_KEY, inspect: visualizer.inspect });
 * ```
 */
export async function startVisualizer(options: VisualizerOptions = {}): Promise<Visualizer> {
  const machine = options.machine ?? taskMachine;
  const host = options.host ?? '127.0.0.1';
  const title = options.title ?? 'capkit visualizer';
  const graph = toMachineGraph(machine);
  const layout = layoutGraph(graph);
  const successStates =
    options.successStates ??
    graph.nodes.filter((n) => n.type === 'final' && SUCCESS_NAMES.test(n.key)).map((n) => n.id);
  const channel = createEventChannel();
  const tracker = createTaskTracker({
    machineId: machine.id,
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxFinished === undefined ? {} : { maxFinished: options.maxFinished }),
    onRecord: (record) => channel.send('task', record),
    onRemove: (id) => channel.send('remove', { id }),
  });
  const config: VisualizerClientConfig = {
    layout,
    successStates,
    eventsUrl: '/events',
    compoundHeader: METRICS.compoundHeader,
  };

  const server = createServer((request, response) => {
    const allowed = allowedHosts(host, (server.address() as AddressInfo).port);
    handle(request, response, { allowed, title, config, channel, tracker });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    inspect: tracker.inspect,
    tasks: tracker.records,
    close: () =>
      new Promise<void>((resolve, reject) => {
        channel.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Context {
  allowed: Set<string>;
  title: string;
  config: VisualizerClientConfig;
  channel: ReturnType<typeof createEventChannel>;
  tracker: ReturnType<typeof createTaskTracker>;
}

/** A batch from `connectVisualizer` carries records, not events: 1 MB is thousands of them. */
const MAX_INGEST_BYTES = 1_000_000;

function handle(request: IncomingMessage, response: ServerResponse, context: Context): void {
  if (!context.allowed.has((request.headers.host ?? '').toLowerCase())) return reply(response, 403, 'unknown host');
  const path = new URL(request.url ?? '/', 'http://visualizer').pathname;
  if (path === '/ingest') return ingest(request, response, context.tracker);
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, 'method not allowed');
  if (path === '/') return page(response, context);
  if (path === '/events')
    return context.channel.attach(response, [{ event: 'tasks', data: { tasks: context.tracker.records() } }]);
  if (path === '/tasks.json') return json(response, { tasks: context.tracker.records() });
  if (path === '/layout.json') return json(response, context.config.layout);
  reply(response, 404, 'not found');
}

/**
 * Records streamed by `connectVisualizer` from a client in another process. Only JSON is taken (a
 * web page cannot send that cross-origin without a preflight, which is never answered), and each
 * record is checked and rebuilt field by field before it reaches the page.
 */
function ingest(request: IncomingMessage, response: ServerResponse, tracker: Context['tracker']): void {
  if (request.method !== 'POST') return reply(response, 405, 'method not allowed');
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
    return reply(response, 415, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_INGEST_BYTES) {
      reply(response, 413, 'batch too large');
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    const batch = parseBatch(Buffer.concat(chunks).toString('utf8'));
    if (!batch) return reply(response, 400, 'expected { records: TaskRecord[], removed: string[] }');
    for (const record of batch.records) tracker.put(record);
    for (const id of batch.removed) tracker.remove(id);
    response.writeHead(204);
    response.end();
  });
}

function parseBatch(text: string): { records: TaskRecord[]; removed: string[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const records: unknown = Reflect.get(value, 'records');
  const removed: unknown = Reflect.get(value, 'removed');
  if (!Array.isArray(records)) return undefined;
  return {
    records: records.map(parseTaskRecord).filter((record) => record !== undefined),
    removed: Array.isArray(removed) ? removed.filter((id): id is string => typeof id === 'string') : [],
  };
}

function page(response: ServerResponse, context: Context): void {
  const nonce = randomBytes(16).toString('base64');
  const body = renderVisualizerPage({ title: context.title, nonce, config: context.config });
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  });
  response.end(body);
}

function json(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(value));
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}

/** The Host headers a browser sends for this server; anything else is a rebound foreign name. */
function allowedHosts(host: string, port: number): Set<string> {
  const names = [host, '127.0.0.1', 'localhost', '[::1]'].map((name) =>
    name.includes(':') && !name.startsWith('[') ? `[${name}]` : name,
  );
  return new Set(names.map((name) => `${name}:${port}`.toLowerCase()));
}
