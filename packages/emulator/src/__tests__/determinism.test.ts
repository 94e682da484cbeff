import { describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../index.js';
import { apiFor } from './helpers/api.js';
import { exampleTask, turnstileTask } from './helpers/tasks.js';

/** Creates a few tasks and returns what the seed decided about them. */
async function decisions(options: EmulatorOptions) {
  const emulator = await startEmulator({ timeScale: 0.001, ...options });
  const api = apiFor(emulator.url);
  const ids: string[] = [];
  const solutions: unknown[] = [];
  for (let index = 0; index < 6; index++) ids.push((await api.createTask(turnstileTask())).json?.taskId);
  solutions.push((await api.createTask(exampleTask('ImageToTextTask'))).json?.solution);
  const { tasks } = emulator.stats();
  await emulator.close();
  return {
    ids,
    solveTimes: tasks.map((task) => task.solveTimeMs.service),
    outcomes: tasks.map((task) => task.outcome),
    solutions,
  };
}

describe('seeded determinism', () => {
  const options = { outcomes: { unsolvable: 0.4 } };

  it('gives the same task ids, solve times, outcomes and solutions for the same seed', async () => {
    const first = await decisions({ seed: 1234, ...options });
    const second = await decisions({ seed: 1234, ...options });
    expect(second).toEqual(first);
    expect(new Set(first.solveTimes).size).toBeGreaterThan(1);
  });

  it('gives different ones for a different seed', async () => {
    const first = await decisions({ seed: 1234, ...options });
    const other = await decisions({ seed: 4321, ...options });
    expect(other.ids).not.toEqual(first.ids);
    expect(other.solveTimes).not.toEqual(first.solveTimes);
  });

  it('keeps solve times independent of forcing and faults (separate random streams)', async () => {
    const plain = await decisions({ seed: 77 });
    const noisy = await decisions({ seed: 77, faults: { rate: 0.5, kinds: ['latency'], latencyMs: 1 } });
    expect(noisy.solveTimes).toEqual(plain.solveTimes);
  });

  it('replays the same decisions after reset()', async () => {
    const emulator = await startEmulator({ seed: 99, timeScale: 0.001 });
    const api = apiFor(emulator.url);
    const before = [
      (await api.createTask(turnstileTask())).json?.taskId,
      (await api.createTask(turnstileTask())).json?.taskId,
    ];
    const solveBefore = emulator.stats().tasks.map((task) => task.solveTimeMs.service);
    emulator.reset();
    expect(emulator.stats()).toMatchObject({ tasksCreated: 0, createTaskCalls: 0, balance: 100, charged: 0 });
    const after = [
      (await api.createTask(turnstileTask())).json?.taskId,
      (await api.createTask(turnstileTask())).json?.taskId,
    ];
    expect(after).toEqual(before);
    expect(emulator.stats().tasks.map((task) => task.solveTimeMs.service)).toEqual(solveBefore);
    await emulator.close();
  });

  it('reports a random seed when none is given, which replays the run', async () => {
    const emulator = await startEmulator({ timeScale: 0.001 });
    const { seed } = emulator.stats();
    const id = (await apiFor(emulator.url).createTask(turnstileTask())).json?.taskId;
    await emulator.close();
    expect((await decisions({ seed })).ids[0]).toBe(id);
  });
});
