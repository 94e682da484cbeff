import { scaleLimits, type ClientOptions } from '@capkit/core';
import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from '../formatTable.js';
import { createSecretScan, SECRET_KEY } from '../secrets/createSecretScan.js';
import { FAILURE_PATHS, TIME_SCALE } from '../secrets/failurePaths.js';
import { observeClient, type ScenarioOutcome } from '../secrets/observeClient.js';
import { startEchoServer, type EchoServer } from '../secrets/startEchoServer.js';

const outcomeName = (outcome: ScenarioOutcome): string => {
  if (outcome.ok)
    return typeof (outcome.value as { solution?: unknown } | undefined)?.solution === 'object'
      ? 'solution'
      : 'resolved';
  return outcome.error instanceof Error ? outcome.error.name : typeof outcome.error;
};

describe('secrets: the key never leaks, on any path', () => {
  const scan = createSecretScan();
  let emulator: Emulator;
  let denying: Emulator;
  let echo: EchoServer;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 21, timeScale: TIME_SCALE, apiKeys: [SECRET_KEY] });
    denying = await startEmulator({ seed: 22, timeScale: TIME_SCALE, apiKeys: ['CAP-SOME-OTHER-KEY'] });
    echo = await startEchoServer();
  });

  afterAll(async () => {
    await Promise.all([emulator.close(), denying.close(), echo.close()]);
    const rows = [...scan.counts].map(([name, observables]) => [
      name,
      [...observables.values()].reduce((sum, count) => sum + count, 0),
      observables.size,
      scan.hits.filter((hit) => hit.scenario === name).length,
    ]);
    console.log(
      formatTable('Secrets: texts searched per failure path', ['path', 'texts', 'observables', 'hits'], rows),
    );
  });

  it.each(FAILURE_PATHS.map((scenario) => [scenario.name, scenario] as const))('%s', async (name, scenario) => {
    const baseUrl = scenario.server === 'denying' ? denying.url : scenario.server === 'echo' ? echo.url : emulator.url;
    const options: Omit<ClientOptions, 'apiKey' | 'logger' | 'inspect' | 'store'> = {
      baseUrl,
      limits: { ...scaleLimits(TIME_SCALE), lifetimeSafetyMarginMs: 100 },
      timeoutMs: 1_000,
      backoff: { baseDelayMs: 5, maxDelayMs: 80, maxRetryAfterMs: 600 },
      ...scenario.options,
    };
    const outcome = await observeClient(name, scan, options, (observed) => scenario.run(observed, { emulator, echo }));
    // The path was really taken (a scan of the wrong path would prove nothing).
    expect([scenario.expect].flat()).toContain(outcomeName(outcome));
    expect(scan.hits.filter((hit) => hit.scenario === name)).toEqual([]);
  });
});
