import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../consumer/scenarios.ts';
import { prepareConsumers, ROOT, type ConsumerProject } from '../prepareConsumers.ts';
import { readReadmeTable, renderRuntimeTable, writeReadmeTable, type RuntimeRun } from '../runtimeTable.ts';
import { RUNTIMES, type Runtime } from '../runtimes.ts';

// Service durations run 50x faster: the 5-minute lifetime is 6 s, a 5 s solve 100 ms.
const TIME_SCALE = 0.02;
const API_KEY = `CAP-ECOSYSTEM-${randomBytes(8).toString('hex')}`;
const README = join(ROOT, 'README.md');
const RESULTS = join(import.meta.dirname, '../../test-output/runtimes.json');
// CAPKIT_ECOSYSTEM_ONLY=bun,deno runs some runtimes only (the others' tests then fail as not run).
const only = process.env.CAPKIT_ECOSYSTEM_ONLY?.split(',');
const selected = RUNTIMES.filter((runtime) => !only || only.includes(runtime.id));

let project: ConsumerProject;
const runs = new Map<string, RuntimeRun>();

async function runRuntime(runtime: Runtime): Promise<RuntimeRun> {
  const started = Date.now();
  const { id, label, consumer } = runtime;
  const run = { id, label, consumer, version: 'unknown', shownVersion: 'unknown', results: [], ms: 0 };
  // Each runtime gets its own emulator, in this Node process: outside the runtime under test.
  const { startEmulator } = await import(project.moduleUrl('@capkit/emulator'));
  const emulator = await startEmulator({ timeScale: TIME_SCALE, apiKeys: [API_KEY], seed: 24 });
  try {
    const version = runtime.version();
    const storeDir = join(project.dir, 'stores', id);
    const config = { emulatorUrl: emulator.url, apiKey: API_KEY, timeScale: TIME_SCALE, storeDir };
    const results = await runtime.run({ project, config });
    return { ...run, version, shownVersion: runtime.shownVersion ?? version, results, ms: Date.now() - started };
  } catch (error) {
    const failure = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    return { ...run, failure, ms: Date.now() - started };
  } finally {
    await emulator.close();
  }
}

beforeAll(async () => {
  project = await prepareConsumers();
  // In parallel: the runtimes mostly wait on the emulator's (scaled) solve times.
  for (const run of await Promise.all(selected.map(runRuntime))) runs.set(run.id, run);
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify([...runs.values()], null, 2)}\n`);
});

afterAll(() => {
  for (const run of runs.values()) console.log(`${run.label} ${run.version}: ${run.ms} ms`);
  // CAPKIT_ECOSYSTEM_KEEP=1 keeps the consumer project (to rerun a runtime by hand).
  if (process.env.CAPKIT_ECOSYSTEM_KEEP === '1') console.log(`consumer project kept in ${project?.dir}`);
  else if (project) rmSync(project.dir, { recursive: true, force: true });
});

describe.each(RUNTIMES.map((runtime) => [runtime.label, runtime] as const))('%s', (_label, runtime) => {
  it.each(SCENARIOS)('%s', (scenario) => {
    const run = runs.get(runtime.id);
    expect(run, `${runtime.label} was not run (CAPKIT_ECOSYSTEM_ONLY)`).toBeDefined();
    expect(run?.failure, `${runtime.label} did not run`).toBeUndefined();
    const result = run?.results.find((r) => r.name === scenario);
    expect(result, `${runtime.label} reported no "${scenario}"`).toBeDefined();
    expect(result?.ok, result?.detail).toBe(true);
  });
});

describe('README.md', () => {
  // The table is this run's results; CAPKIT_ECOSYSTEM_WRITE=1 writes it instead of comparing.
  it('shows the runtime table of this run', () => {
    const table = renderRuntimeTable(RUNTIMES.flatMap((runtime) => runs.get(runtime.id) ?? []));
    if (process.env.CAPKIT_ECOSYSTEM_WRITE === '1') writeReadmeTable(README, table);
    expect(
      readReadmeTable(README),
      'the runtime table in README.md is stale: run `CAPKIT_ECOSYSTEM_WRITE=1 bash tools/scripts/checks/ecosystem.sh`',
    ).toBe(table);
  });
});
