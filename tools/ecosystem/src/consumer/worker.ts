// The consumer for Cloudflare Workers (workerd): a Worker module, bundled the way wrangler bundles one (esbuild with
// the `workerd`, `worker` and `browser` conditions). It uses `@capkit/core` with the emulator's URL, given by the
// harness in the request; the emulator runs in Node, outside the worker.
import { createClient } from '@capkit/core';
import * as browser from '@capkit/browser';
import { runScenarios, type ConsumerConfig } from './scenarios.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const config: ConsumerConfig = await request.json();
    // @capkit/browser re-exports core: its classes must be the very same ones.
    const results = await runScenarios(
      { createClient, otherErrorClasses: [{ from: '@capkit/browser', ...browser }] },
      config,
    );
    return Response.json(results);
  },
};
