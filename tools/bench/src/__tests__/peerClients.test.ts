import { startEmulator, type Emulator } from '@capkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { anticaptchaContender, capmonsterContender } from '../contenders/index.js';
import type { Contender, Runner, TaskKind } from '../contenders/Contender.js';

// The peers' published npm clients the bench installs, run unmodified (pointed at the emulator the
// way the bench points them) against an emulator with only the switches each contender declares.
// Their own timing, scaled by the same factor as the emulator: 1–30 s solve times become 0.1–3 s.
const TIME_SCALE = 0.1;
const KINDS: TaskKind[] = ['recaptcha', 'turnstile'];

describe.each([capmonsterContender, anticaptchaContender])('$name against the emulator', (contender: Contender) => {
  let emulator: Emulator | undefined;
  let runner: Runner | undefined;
  afterEach(async () => {
    await runner?.close?.();
    await emulator?.close();
  });

  it('solves one task of each kind within the service limits', async () => {
    emulator = await startEmulator({ seed: 23, timeScale: TIME_SCALE, ...contender.emulator });
    runner = await contender.create({ url: emulator.url, timeScale: TIME_SCALE });
    const outcomes = [];
    for (const kind of KINDS) outcomes.push(await runner.solve(kind));

    const stats = emulator.stats();
    expect(stats.tasks.map((task) => task.type)).toEqual(KINDS.map((kind) => contender.taskTypes[kind]));
    expect(stats.internalErrors).toEqual([]);
    expect(stats.queriesAfterExpiry + stats.queriesOverBudget + stats.queriesUnknownTask).toBe(0);
    for (const task of stats.tasks) expect(task.queries).toBeGreaterThan(0);
    // What each client handed over is the emulator's solution (a token string or the solution object).
    for (const outcome of outcomes) expect(JSON.stringify(outcome.solution)).toMatch(/emulator-/);
  }, 30_000);
});
