// The consumer for Cloudflare Workers (workerd): a Worker module, bundled the way wrangler bundles one (esbuild with
// the `workerd`, `worker` and `browser` conditions). It uses `@capkit/core` with the emulator's URL, given by the
// harness in the request; the emulator runs in Node, outside the worker.
import { createClient, createMemoryStore } from '@capkit/core';
import * as browser from '@capkit/browser';
import { runScenarios, type ConsumerConfig } from './scenarios.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const config: ConsumerConfig = await request.json();
    // @capkit/browser re-exports core: its classes must be the very same ones.
    // A Worker keeps nothing between requests without a binding (KV, Durable Objects): the store lives as long as
    // the request, and a "restart" is a new client on it.
    const store = createMemoryStore();
    const results = await runScenarios(
      { createClient, otherErrorClasses: [{ from: '@capkit/browser', ...browser }], openStore: () => store },
      config,
    );
    return Response.json(results);
  },
};
