import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import type { ConsumerConfig, ScenarioResult } from './consumer/scenarios.ts';
import type { ConsumerProject } from './prepareConsumers.ts';
import { runtimeBinary } from './runtimeBinaries.ts';
import { readResults, runProcess, startProcess } from './spawnConsumer.ts';

/** What a runtime is given to run its consumer. */
export interface RunContext {
  project: ConsumerProject;
  config: ConsumerConfig;
}

/** One runtime of the suite: how it is found, how its consumer runs, and how the README names it. */
export interface Runtime {
  id: string;
  /** The README's name for it. */
  label: string;
  /** How its consumer loads the packages, for the README. */
  consumer: string;
  /** The runtime's version, read from its binary. */
  version(): string;
  /** What the README shows instead of the exact version, for a runtime the suite does not pin. */
  shownVersion?: string;
  run(context: RunContext): Promise<ScenarioResult[]>;
}

const TIMEOUT_MS = 90_000;
const versionOf = (path: string, args: string[], pattern: RegExp): string =>
  execFileSync(path, args, { encoding: 'utf8' }).match(pattern)?.[1] ?? 'unknown';

function nodeRuntime(major: 20 | 22 | 24): Runtime {
  const binary = () => runtimeBinary(`node${major}`).path;
  // Node 22.18+ and 24 strip types by default, so their users run TypeScript as it is; Node 20 runs compiled output.
  const stripsTypes = major >= 22;
  return {
    id: `node${major}`,
    label: `Node ${major}`,
    consumer: `${stripsTypes ? '`node server.ts` (type stripping)' : 'the consumer compiled to ESM'}, ESM \`import\` and CJS \`require\` of the tarballs; \`@capkit/node\``,
    version: () => versionOf(binary(), ['--version'], /v(\S+)/),
    run: async ({ project, config }) =>
      readResults(
        await runProcess(binary(), [stripsTypes ? 'server.ts' : 'out/server.mjs', JSON.stringify(config)], {
          cwd: project.dir,
          timeoutMs: TIMEOUT_MS,
        }),
      ),
  };
}

const bun: Runtime = {
  id: 'bun',
  label: 'Bun',
  consumer: '`bun server.ts` (the TypeScript as it is); `@capkit/node`',
  version: () => versionOf(runtimeBinary('bun').path, ['--version'], /(\S+)/),
  run: async ({ project, config }) =>
    readResults(
      await runProcess(runtimeBinary('bun').path, ['server.ts', JSON.stringify(config)], {
        cwd: project.dir,
        timeoutMs: TIMEOUT_MS,
        env: { ...process.env, DO_NOT_TRACK: '1', BUN_INSTALL_CACHE_DIR: join(project.dir, '.bun-cache') },
      }),
    ),
};

const deno: Runtime = {
  id: 'deno',
  label: 'Deno',
  consumer: '`npm:` specifiers, `deno check`, `--allow-net=127.0.0.1` (no `--allow-env`); `@capkit/node`',
  version: () => versionOf(runtimeBinary('deno').path, ['--version'], /deno (\S+)/),
  run: async ({ project, config }) => {
    const options = {
      cwd: project.dir,
      timeoutMs: TIMEOUT_MS,
      env: { ...process.env, DENO_DIR: join(project.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    };
    // A Deno user's types: the packed .d.mts files through the npm: specifiers, with Deno's own TypeScript.
    const checked = await runProcess(runtimeBinary('deno').path, ['check', 'server.ts', 'worker.ts'], options);
    if (checked.code !== 0)
      throw new Error(`deno check failed:\n${checked.stderr.trim().split('\n').slice(-20).join('\n')}`);
    const bare = await runProcess(runtimeBinary('deno').path, ['run', '--no-prompt', 'importOnly.ts'], options);
    if (bare.code !== 0) {
      throw new Error(
        `importing @capkit/node needs a permission:\n${bare.stderr.trim().split('\n').slice(0, 8).join('\n')}`,
      );
    }
    // The file store's directory is the only place it may read or write; its leases name this host.
    const storeAccess = ['--allow-sys=hostname', `--allow-read=${config.storeDir}`, `--allow-write=${config.storeDir}`];
    const args = ['run', '--no-prompt', '--allow-net=127.0.0.1', ...storeAccess, 'server.ts', JSON.stringify(config)];
    return readResults(await runProcess(runtimeBinary('deno').path, args, options));
  },
};

/** A free loopback port (workerd listens on a port it is given). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The workerd config: the bundled Worker module, served on `port`, allowed to reach loopback addresses. */
const workerdConfig = (port: number) => `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .consumer),
    # The default outbound allows public addresses only; the emulator is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const consumer :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "internet",
);
`;

const workerd: Runtime = {
  id: 'workerd',
  label: 'Cloudflare Workers (workerd)',
  consumer: 'a Worker module bundled as wrangler does; `@capkit/core`',
  version: () => versionOf(runtimeBinary('workerd').path, ['--version'], /workerd (\S+)/),
  run: async ({ project, config }) => {
    const port = await freePort();
    writeFileSync(join(project.dir, 'out', 'config.capnp'), workerdConfig(port));
    const server = startProcess(runtimeBinary('workerd').path, ['serve', 'config.capnp'], {
      cwd: join(project.dir, 'out'),
      timeoutMs: TIMEOUT_MS,
    });
    let exited = false;
    void server.output.finally(() => (exited = true));
    try {
      // workerd listens once it has compiled the module: retry until it answers.
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify(config) });
          const text = await response.text();
          if (!response.ok) throw new Error(`the Worker answered HTTP ${response.status}: ${text.slice(0, 2_000)}`);
          return JSON.parse(text);
        } catch (error) {
          const refused = error instanceof TypeError && String(error.cause).includes('ECONNREFUSED');
          if (!refused || exited || attempt > 200) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } catch (error) {
      server.kill();
      const { stderr } = await server.output;
      throw new Error(`${String(error)}\nworkerd said:\n${stderr.trim().split('\n').slice(-15).join('\n')}`, {
        cause: error,
      });
    } finally {
      // workerd serves until it is killed.
      server.kill();
    }
  },
};

const CHROMIUM_PATH = process.env.CAPKIT_CHROMIUM ?? '/usr/bin/chromium';

const chromiumRuntime: Runtime = {
  id: 'chromium',
  label: 'Chromium',
  consumer: "a page bundle; `@capkit/browser` through `@capkit/node`'s proxy handler",
  version: () => versionOf(CHROMIUM_PATH, ['--version'], /Chromium (\S+)/),
  // Debian's package, updated by apt: its exact version would make the README table stale.
  shownVersion: 'Debian `chromium`',
  run: async ({ project, config }) => {
    const { createProxyHandler } = await import(project.moduleUrl('@capkit/node'));
    // The proxy binds task handles to a session; an app names its signed-in user's (`authorize`), since its own
    // cookie is issued by the first answer and the page's first requests run in parallel.
    const proxy = createProxyHandler({
      apiKey: config.apiKey,
      baseUrl: config.emulatorUrl,
      authorize: () => ({ session: 'ecosystem-page' }),
    });
    const page = `<!doctype html><meta charset="utf-8"><title>capkit</title><script type="module" src="/page.mjs"></script>`;
    const server: Server = createHttpServer((req, res) => {
      if (req.url?.startsWith('/api/capsolver/')) return void proxy(req, res);
      if (req.url === '/page.mjs') {
        return void readFile(join(project.dir, 'out', 'page.mjs')).then((body) => {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
        });
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => typeof window.runCapkitScenarios === 'function');
      return await tab.evaluate((c) => window.runCapkitScenarios(c), {
        ...config,
        proxyUrl: `${origin}/api/capsolver`,
      });
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  },
};

/** Every runtime of the suite, in the README's order. */
export const RUNTIMES: readonly Runtime[] = [
  nodeRuntime(20),
  nodeRuntime(22),
  nodeRuntime(24),
  bun,
  deno,
  workerd,
  chromiumRuntime,
];
