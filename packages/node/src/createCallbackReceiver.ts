import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationError, type CallbackDelivery, type CallbackListener, type CallbackReceiver } from '@capkit/core';
import { createCallbackRegistry, type CallbackRegistry } from './createCallbackRegistry.js';
import { BodyTooLargeError, iterateStream, readBodyLimited } from './readBodyLimited.js';
import { readCallbackPayload } from './readCallbackPayload.js';

/** Options of {@link createCallbackReceiver}. */
export interface CallbackReceiverOptions {
  /**
   * The URL the service reaches this receiver at, up to and including the mount path
   * (`https://me.example/capkit-callback`); each task's URL is this plus `/<token>`.
   */
  publicUrl: string;
  /**
   * The path this receiver answers under on your server (a request elsewhere is not its own: the
   * handler calls `next()` or answers 404). Default: the path of `publicUrl` (a proxy in front may
   * map one to the other).
   */
  path?: string | undefined;
  /**
   * Accept a payload that validates against the spec's getTaskResult schema as the task's result,
   * which saves the confirming query. Default `false`: every callback is confirmed with one
   * getTaskResult (the payload is not documented, and a URL can leak).
   */
  trustCallbackPayload?: boolean | undefined;
  /** Largest accepted body; larger ones get 413. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
  /** Where tokens live and how callbacks reach their tasks. Default: this process's memory. */
  registry?: CallbackRegistry | undefined;
}

/** What the receiver answered one request. */
export interface CallbackAnswer {
  /** 200 accepted; 404 unknown, forged or late (never saying which); 405 not POST; 413 too large. */
  status: 200 | 404 | 405 | 413;
}

/** Counters of a receiver (for tests and monitoring). */
export interface CallbackReceiverStats {
  /** Requests received. */
  requests: number;
  /** Callbacks whose token matched a listening task (duplicates included). */
  accepted: number;
  /** Answered 404: malformed, unknown, forged or late tokens. */
  unknown: number;
  /** Answered 413. */
  tooLarge: number;
  /** Accepted callbacks whose payload was taken as the result (trustCallbackPayload). */
  trusted: number;
}

/** A receiver to mount on your own server (node:http, Express, Fastify, fetch-style). */
export interface NodeCallbackReceiver extends CallbackReceiver {
  /**
   * A node:http / Express / Connect handler. Outside `path` it calls `next()` when given (Express),
   * else answers 404. A body already read by a body parser (`req.body`: string, Buffer or object) is used.
   */
  handler(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** A fetch-style handler (Hono, Next.js route handlers, Bun/Deno-style servers). */
  fetch(request: Request): Promise<Response>;
  /**
   * The framework-neutral core: a request's method, path and body text (Fastify:
   * `receiver.receive({ method: request.method, path: request.url, body: request.body })`, with
   * the body kept as text by a `text/plain`-style content-type parser).
   */
  receive(request: {
    method: string;
    path: string;
    body: string | Buffer | object | undefined;
  }): Promise<CallbackAnswer>;
  stats(): CallbackReceiverStats;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** A token: a public id (the registry's key) and a secret, both base64url. */
const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{32})$/;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: the digests have equal lengths whatever the inputs, and are compared in full. */
const sameSecret = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

function trimSlashes(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
}

function bodyText(body: string | Buffer | object | undefined): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}

/**
 * Creates a callback receiver for callback mode (`createClient({ callbackReceiver })`), to mount on a
 * server you already run; {@link startCallbackReceiver} runs its own. Each task gets its own URL,
 * `<publicUrl>/<id>.<secret>` (72 random bits of id, 192 of secret). A `POST` there wakes that task;
 * the task then confirms with one getTaskResult (or, with `trustCallbackPayload`, takes a payload
 * that validates against the spec's getTaskResult schema). The secret is compared in constant time;
 * a malformed, unknown, forged or late token (the task ended) is answered 404 alike, so the answer
 * never tells whether a task exists. Bodies over `maxBodyBytes` get 413, other verbs 405.
 *
 * @example
 * ```ts
 * const receiver = createCallbackReceiver({ publicUrl: 'https://me.example/capkit-callback' });
 * app.use(receiver.handler); // Express: before any body parser, or after one (req.body is used)
 * const client = createClient({ callbackReceiver: receiver });
 * ```
 */
export function createCallbackReceiver(options: CallbackReceiverOptions): NodeCallbackReceiver {
  let base: URL;
  try {
    base = new URL(options.publicUrl);
  } catch {
    throw new ConfigurationError('createCallbackReceiver needs publicUrl: the absolute URL the service can reach.');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ConfigurationError('publicUrl must be an http: or https: URL.');
  }
  const publicUrl = base.href.replace(/\/+$/, '');
  const mount = trimSlashes(options.path ?? base.pathname);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const registry = options.registry ?? createCallbackRegistry();
  const trust = options.trustCallbackPayload ?? false;
  const counters: CallbackReceiverStats = { requests: 0, accepted: 0, unknown: 0, tooLarge: 0, trusted: 0 };

  /** The token of a path under the mount, or undefined (not ours, or not a token). */
  const tokenOf = (path: string): { id: string; secret: string } | 'elsewhere' | undefined => {
    const pathname = path.split('?')[0] ?? '';
    if (!(pathname === mount || pathname.startsWith(`${mount}/`))) return 'elsewhere';
    const match = TOKEN.exec(pathname.slice(mount.length + 1));
    return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
  };

  const verify = async (token: { id: string; secret: string }): Promise<boolean> => {
    const expected = await registry.secretOf(token.id);
    // A digest comparison also when no task listens: the same work either way.
    return sameSecret(token.secret, expected ?? '') && expected !== undefined;
  };

  const accept = async (id: string, text: string): Promise<void> => {
    counters.accepted += 1;
    const result = trust ? readCallbackPayload(text) : undefined;
    if (result) counters.trusted += 1;
    const delivery: CallbackDelivery = result ? { result } : {};
    await registry.deliver(id, delivery);
  };

  const notFound = (): CallbackAnswer => {
    counters.unknown += 1;
    return { status: 404 };
  };

  const receive: NodeCallbackReceiver['receive'] = async ({ method, path, body }) => {
    counters.requests += 1;
    const token = tokenOf(path);
    if (token === 'elsewhere' || token === undefined) return notFound();
    if (method !== 'POST') return { status: 405 };
    const text = bodyText(body);
    if (Buffer.byteLength(text) > maxBodyBytes) {
      counters.tooLarge += 1;
      return { status: 413 };
    }
    if (!(await verify(token))) return notFound();
    await accept(token.id, text);
    return { status: 200 };
  };

  const handleNode = async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => {
    const path = req.url ?? '/';
    if (next && tokenOf(path) === 'elsewhere') return next();
    const parsed = (req as IncomingMessage & { body?: unknown }).body;
    let body: string | Buffer | object | undefined;
    if (parsed !== undefined && parsed !== null) body = parsed as string | Buffer | object;
    else if (req.method === 'POST' && tokenOf(path) !== 'elsewhere') {
      try {
        body = await readBodyLimited(req, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        counters.requests += 1;
        counters.tooLarge += 1;
        res.writeHead(413, { connection: 'close' }).end();
        return;
      }
    }
    const { status } = await receive({ method: req.method ?? 'GET', path, body });
    res.writeHead(status, status === 405 ? { allow: 'POST' } : {}).end();
  };

  return {
    listen(onCallback, token): CallbackListener {
      const reused = token === undefined ? undefined : TOKEN.exec(token);
      const id = reused?.[1] ?? randomBytes(12).toString('base64url');
      const secret = reused?.[2] ?? randomBytes(24).toString('base64url');
      let open = true;
      const added = registry.add(id, secret, onCallback);
      // A registry over the network stores asynchronously; a failed store only costs the callback.
      if (added instanceof Promise) added.catch(() => undefined);
      return {
        url: `${publicUrl}/${id}.${secret}`,
        token: `${id}.${secret}`,
        close() {
          if (!open) return;
          open = false;
          const removed = registry.remove(id);
          if (removed instanceof Promise) removed.catch(() => undefined);
        },
      };
    },
    handler(req, res, next) {
      handleNode(req, res, next).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
    async fetch(request) {
      const { pathname, search } = new URL(request.url);
      let body = '';
      if (request.method === 'POST' && request.body && tokenOf(pathname) !== 'elsewhere') {
        try {
          body = await readBodyLimited(iterateStream(request.body), maxBodyBytes);
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          counters.requests += 1;
          counters.tooLarge += 1;
          return new Response(null, { status: 413 });
        }
      }
      const { status } = await receive({ method: request.method, path: `${pathname}${search}`, body });
      return new Response(null, { status });
    },
    receive,
    stats: () => ({ ...counters }),
  };
}
