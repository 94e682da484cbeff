import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CapSolverClient, ClientOptions, Logger, TaskHandle, TaskProgress } from '@capkit/core';
import { createClient, fileStore, type FileStore } from '@capkit/node';
import { SECRET_KEY, type SecretScan } from './createSecretScan.js';

/** What a scenario gets to work with. */
export interface ObservedClient {
  client: CapSolverClient;
  store: FileStore;
  /** Watches a handle: every progress step is scanned, and the store directory with it. */
  watch(handle: TaskHandle): TaskHandle;
}

/** How a scenario ended: what it resolved with, or what it threw. */
export type ScenarioOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Every file of the store directory, temporary ones included, read right now. */
function readStoreDirSync(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  try {
    for (const name of readdirSync(dir)) {
      try {
        files[name] = readFileSync(join(dir, name), 'utf8');
      } catch {
        // Renamed or removed between listing and reading: the next look will see its successor.
      }
    }
  } catch {
    // No directory yet: nothing was stored.
  }
  return files;
}

async function readStoreDir(dir: string): Promise<Record<string, string>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(
    names.map(async (name) => [name, await readFile(join(dir, name), 'utf8').catch(() => '')] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Runs `scenario` with a Node client (`@capkit/node`, fileStore, the key {@link SECRET_KEY}) wired to
 * every observable output: a logger at debug level that keeps every line and its data, an XState
 * inspector that keeps every event, the store's files on disk at every progress step, the progress
 * objects, the handles' snapshots and serialized forms, and the outcome (error and cause chain).
 * Everything is handed to `scan` as it happens, since later objects may change.
 */
export async function observeClient(
  name: string,
  scan: SecretScan,
  options: Omit<ClientOptions, 'apiKey' | 'logger' | 'inspect' | 'store'>,
  scenario: (observed: ObservedClient) => Promise<unknown>,
): Promise<ScenarioOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'capkit-secrets-'));
  const store = fileStore(join(dir, 'tasks'));
  // Inspection events share one actor system: walk each object once per scenario.
  const seen = new WeakSet<object>();
  const log =
    (level: string): Logger[keyof Logger] =>
    (message, data) =>
      scan.check(name, `log (${level})`, { message, data });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const handles: TaskHandle[] = [];
  const client = createClient({
    ...options,
    env: {},
    apiKey: SECRET_KEY,
    logger,
    store,
    inspect: (event) => scan.check(name, 'inspection event', event, seen),
  });
  const watch = (handle: TaskHandle) => {
    handles.push(handle);
    const onStep = (progress: TaskProgress) => {
      scan.check(name, 'progress', progress);
      scan.check(name, 'store file (during)', readStoreDirSync(store.dir));
    };
    onStep(handle.getSnapshot());
    handle.subscribe(onStep);
    return handle;
  };
  let outcome: ScenarioOutcome;
  try {
    outcome = { ok: true, value: await scenario({ client, store, watch }) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  scan.check(name, outcome.ok ? 'result' : 'error', outcome.ok ? outcome.value : outcome.error);
  for (const handle of handles) {
    await handle.result.catch(() => undefined);
    scan.check(name, 'handle.serialize()', handle.serialize());
    scan.check(name, 'handle.getSnapshot()', handle.getSnapshot());
    scan.check(name, 'actor snapshot', handle.actor.getPersistedSnapshot());
  }
  scan.check(name, 'store file (after)', await readStoreDir(store.dir));
  await rm(dir, { recursive: true, force: true });
  return outcome;
}
