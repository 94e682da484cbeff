import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createProxyHandler } from '@capkit/node';
import { build } from 'esbuild';

/** Where the test page finds the proxy: what a real app's backend would mount. */
export const PROXY_PATH = '/capsolver';
/** The module the test page loads: `@capkit/browser` bundled from its source. */
export const BUNDLE_PATH = '/capkit-browser.mjs';

const PAGE = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>capkit browser test</title></head>
  <body>
    <script type="module">
      import * as capkit from '${BUNDLE_PATH}';
      window.capkit = capkit;
    </script>
  </body>
</html>`;

/** A running test backend: the page, the bundle and the proxy on one origin. */
export interface TestServer {
  /** The page's URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Bundles `@capkit/browser` from `src` the way an app's bundler would (ESM, platform browser; any
 * Node built-in would fail the build), then serves it with a tiny page, and mounts
 * `createProxyHandler` at {@link PROXY_PATH}, forwarding to `upstream` with `apiKey`.
 */
export async function startTestServer(options: { upstream: string; apiKey: string }): Promise<TestServer> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Custom conditions replace esbuild's defaults, so `module` (xstate's ESM build) is listed again.
    conditions: ['@capkit/source', 'module'],
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]!.contents;
  const proxy = createProxyHandler({ apiKey: options.apiKey, baseUrl: options.upstream });

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith(`${PROXY_PATH}/`)) {
      void proxy(request, response);
      return;
    }
    const file =
      path === '/'
        ? { type: 'text/html', body: PAGE }
        : path === BUNDLE_PATH
          ? { type: 'text/javascript', body: code }
          : undefined;
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain', 'cache-control': 'no-store' });
    response.end(file?.body ?? 'not found');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
