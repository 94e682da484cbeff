import type { InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { stateOf, type TaskSnapshot } from '../client/taskSnapshot.js';
import { clientFor, emulator, imageTask, recaptchaTask } from './helpers/emulator.js';

/** The lifecycle states one task actor walked, read from the inspection events of its client. */
function walkOf(events: InspectionEvent[], actor: object): string[] {
  const states: string[] = [];
  for (const event of events) {
    if (event.type !== '@xstate.snapshot' || event.actorRef !== actor) continue;
    const state = stateOf(event.snapshot as TaskSnapshot);
    if (states.at(-1) !== state) states.push(state);
  }
  return states;
}

describe('integration: a task walks the service lifecycle', () => {
  it('an async task: creating, then idle and/or processing, then ready', async () => {
    const target = await emulator();
    const events: InspectionEvent[] = [];
    const client = clientFor(target, { inspect: (event) => events.push(event) });
    const handle = client.start(recaptchaTask);
    await handle;
    const states = walkOf(events, handle.actor);
    expect(states[0]).toBe('creating');
    expect(states.at(-1)).toBe('ready');
    expect(states.length).toBeGreaterThan(2);
    for (const state of states.slice(1, -1)) expect(['idle', 'processing']).toContain(state);
  });

  it('an async task the service reports idle, then processing: both states, in that order', async () => {
    const target = await emulator();
    target.control.forceNext({ statuses: ['idle', 'idle', 'processing', 'processing', 'ready'] });
    const events: InspectionEvent[] = [];
    const handle = clientFor(target, { inspect: (event) => events.push(event) }).start(recaptchaTask);
    const { queries } = await handle;
    expect(queries).toBe(5);
    const states = walkOf(events, handle.actor);
    // createTask answers idle (then the answers walk idle -> processing -> ready) or, on an emulator
    // that reports processing at once, processing (the lifecycle never goes back to idle).
    expect([
      ['creating', 'idle', 'processing', 'ready'],
      ['creating', 'processing', 'ready'],
    ]).toContainEqual(states);
  });

  it('a sync (recognition) task: creating, then ready, with zero queries', async () => {
    const target = await emulator();
    const events: InspectionEvent[] = [];
    const handle = clientFor(target, { inspect: (event) => events.push(event) }).start(imageTask);
    const { queries } = await handle;
    expect(queries).toBe(0);
    expect(walkOf(events, handle.actor)).toEqual(['creating', 'ready']);
  });
});
