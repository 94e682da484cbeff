import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const SITE_DIR = fileURLToPath(new URL('./site/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
// One loader serves both reCAPTCHA paths; it reads its own URL to know which it is.
const ALIASES: Record<string, string> = { '/recaptcha/enterprise.js': '/recaptcha/api.js' };

/** A form the browser sent to the fixture site. */
export interface Submission {
  /** The `form` query parameter of the form's action (which page sent it). */
  form: string;
  fields: Record<string, string>;
  origin: string;
}

/** The fixture site: the same pages on two loopback origins (two ports), for cross-origin frames. */
export interface FixtureSite {
  /** `http://127.0.0.1:<port>`: the pages' main origin. */
  origin: string;
  /** The other origin (frames of another site). */
  otherOrigin: string;
  submissions: Submission[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Serves `test-fixtures/site/` (pages reproducing the widgets' public surface, with stand-in loaders
 * at the widgets' script paths) on two loopback ports, and records every form posted to `/submit`.
 * `{{OTHER_ORIGIN}}` in a page becomes the origin of the other port.
 */
export async function startFixtureSite(): Promise<FixtureSite> {
  const submissions: Submission[] = [];
  const origins: string[] = [];
  const handler = (index: number) => (request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response, origins[index] ?? '', origins[1 - index] ?? '', submissions);
  };
  const servers = [createServer(handler(0)), createServer(handler(1))];
  for (const server of servers) origins.push(await listen(server));
  return {
    origin: origins[0] ?? '',
    otherOrigin: origins[1] ?? '',
    submissions,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
  otherOrigin: string,
  submissions: Submission[],
): Promise<void> {
  const url = new URL(request.url ?? '/', origin);
  if (request.method === 'POST' && url.pathname === '/submit') {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(Buffer.from(chunk));
    const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    submissions.push({ form: url.searchParams.get('form') ?? '', fields, origin });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Submitted</title><p>Thanks.</p>');
    return;
  }
  const path = normalize(ALIASES[url.pathname] ?? url.pathname);
  if (path.includes('..') || path === '/') {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(join(SITE_DIR, path), 'utf8');
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(body.replaceAll('{{OTHER_ORIGIN}}', otherOrigin));
  } catch {
    response.writeHead(404).end();
  }
}
