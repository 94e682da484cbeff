import { createActor, toPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { fromAbortablePromise } from '../machine/fromAbortablePromise.js';

describe('fromAbortablePromise', () => {
  it('ends done with the output, having run once with its input', async () => {
    const seen: number[] = [];
    const logic = fromAbortablePromise<number, number>(async ({ input }) => {
      seen.push(input);
      return input * 2;
    });
    const actor = createActor(logic, { input: 21 }).start();
    await expect(toPromise(actor)).resolves.toBe(42);
    expect(actor.getSnapshot()).toMatchObject({ status: 'done', output: 42, input: undefined });
    expect(seen).toEqual([21]);
  });

  it('ends in error with what the promise rejected with', async () => {
    const failure = new Error('refused');
    const actor = createActor(fromAbortablePromise<never, void>(async () => Promise.reject(failure))).start();
    await expect(toPromise(actor)).rejects.toBe(failure);
    expect(actor.getSnapshot()).toMatchObject({ status: 'error', error: failure });
  });

  it('aborts the signal when the actor is stopped, and a late answer changes nothing', async () => {
    let signal: AbortSignal | undefined;
    let answer!: (value: string) => void;
    const logic = fromAbortablePromise<string, void>((args) => {
      signal = args.signal;
      return new Promise<string>((resolve) => (answer = resolve));
    });
    const actor = createActor(logic).start();
    expect(signal?.aborted).toBe(false);
    actor.stop();
    expect(signal?.aborted).toBe(true);
    answer('too late');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actor.getSnapshot()).toMatchObject({ status: 'stopped' });
    expect(actor.getSnapshot().output).toBeUndefined();
  });

  it('does not run again from a snapshot whose promise already settled', async () => {
    let runs = 0;
    const logic = fromAbortablePromise<string, void>(async () => {
      runs += 1;
      return 'once';
    });
    const first = createActor(logic).start();
    await toPromise(first);
    const restored = createActor(logic, { snapshot: first.getPersistedSnapshot() }).start();
    expect(restored.getSnapshot()).toMatchObject({ status: 'done', output: 'once' });
    expect(runs).toBe(1);
  });
});
