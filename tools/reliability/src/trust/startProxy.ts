import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyHandler, type ProxyHandlerOptions } from '@capkit/node';

/** A running proxy (or any listener) on 127.0.0.1:0. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `listener` over node:http on 127.0.0.1, port 0. */
export async function listen(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Mounts `createProxyHandler(options)` under `/api/capsolver`; `url` is that prefix (the browser's `proxyUrl`). */
export async function startProxy(options: ProxyHandlerOptions): Promise<RunningServer> {
  const handler = createProxyHandler(options);
  const server = await listen((req, res) => void handler(req, res));
  return { url: `${server.url}/api/capsolver`, close: server.close };
}
