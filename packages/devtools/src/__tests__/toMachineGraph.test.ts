import { describe, expect, it } from 'vitest';
import { and, createMachine, fromPromise, not, or, setup, stateIn } from 'xstate';
import { toMachineGraph } from '../toMachineGraph.js';
import { parallelMachine, pollingMachine } from './fixtures/sampleMachines.js';

describe('toMachineGraph', () => {
  it('lists every state, parents before children, with type, parent, children and initial', () => {
    const graph = toMachineGraph(pollingMachine);
    expect(graph.id).toBe('poll');
    expect(graph.initial).toBe('creating');
    expect(graph.children).toEqual(['creating', 'polling', 'exhausted', 'ready', 'failed', 'cancelled', 'expired']);
    expect(graph.nodes.map((n) => [n.id, n.type, n.parentId])).toEqual([
      ['creating', 'atomic', null],
      ['polling', 'compound', null],
      ['polling.waiting', 'atomic', 'polling'],
      ['polling.querying', 'atomic', 'polling'],
      ['exhausted', 'atomic', null],
      ['ready', 'final', null],
      ['failed', 'final', null],
      ['cancelled', 'final', null],
      ['expired', 'final', null],
    ]);
    const polling = graph.nodes.find((n) => n.id === 'polling');
    expect(polling).toMatchObject({ initial: 'polling.waiting', children: ['polling.waiting', 'polling.querying'] });
    expect(graph.nodes.find((n) => n.id === 'polling.querying')?.invokes).toEqual(['getTaskResult']);
  });

  it('reads each kind of trigger: invoke results, events, delays, always', () => {
    const edges = toMachineGraph(pollingMachine).edges;
    const summary = edges.map(
      (e) => `${e.source} -> ${e.target} ${e.kind} ${e.trigger}${e.guard ? ` [${e.guard}]` : ''}`,
    );
    expect(summary).toEqual([
      'creating -> polling done createTask.done',
      'creating -> failed error createTask.error',
      'polling -> cancelled event CANCEL',
      'polling.waiting -> polling.waiting event NUDGE',
      // JavaScript lists integer-like keys first: `after: { pollDelay, 300000 }` reads 300000 first.
      'polling.waiting -> expired after after 300000ms',
      'polling.waiting -> polling.querying after after pollDelay',
      'polling.querying -> ready done getTaskResult.done [isReady]',
      'polling.querying -> polling.waiting done getTaskResult.done [budgetLeft and not expired]',
      'polling.querying -> exhausted done getTaskResult.done',
      'polling.querying -> polling.waiting error getTaskResult.error [budgetLeft or in polling]',
      'exhausted -> failed always always',
    ]);
    expect(edges.map((e) => e.id)).toEqual(edges.map((_, i) => `e${i}`));
    expect(edges.find((e) => e.trigger === 'NUDGE')).toMatchObject({ targetless: true, actions: ['countQuery'] });
    expect(edges.find((e) => e.trigger === 'after pollDelay')?.delay).toBe('pollDelay');
    expect(edges.find((e) => e.trigger === 'after 300000ms')?.delay).toBe(300000);
    expect(edges.find((e) => e.trigger === 'after pollDelay')?.eventType).toMatch(/^xstate\.after\.pollDelay\./);
  });

  it('reads parallel regions, history states, root transitions and a compound state onDone', () => {
    const graph = toMachineGraph(parallelMachine);
    expect(graph.nodes.find((n) => n.id === 'active')?.type).toBe('parallel');
    expect(graph.nodes.find((n) => n.id === 'active')?.initial).toBeUndefined();
    expect(graph.nodes.find((n) => n.id === 'active.video.hist')?.type).toBe('history');
    expect(graph.edges.find((e) => e.trigger === 'POWER.OFF')).toMatchObject({
      source: '',
      target: 'off',
      kind: 'event',
    });
    expect(graph.edges.find((e) => e.kind === 'state-done')).toMatchObject({
      source: 'active',
      target: 'off',
      trigger: 'done',
    });
  });

  it('names inline guards, parameterized guards, nested combinators and unnamed invokes', () => {
    // Plain createMachine: setup() would reject the inline actor logic this test needs.
    const machine = createMachine(
      {
        id: 'guards',
        initial: 'a',
        states: {
          a: {
            invoke: { src: fromPromise(async () => 1), onDone: 'b' },
            on: {
              INLINE: {
                guard: function isEven() {
                  return true;
                },
                target: 'b',
              },
              PARAMS: { guard: { type: 'big', params: { size: 3 } }, target: 'b' },
              NESTED: { guard: and(['big', or(['small', not(stateIn({ a: {} } as never))])]), target: 'b' },
            },
          },
          b: { invoke: { id: 'named', src: fromPromise(async () => 1), onError: 'a' } },
        },
      },
      { guards: { big: () => true, small: () => false } },
    );
    const edges = toMachineGraph(machine).edges;
    expect(edges.map((e) => [e.trigger, e.guard])).toEqual([
      ['INLINE', 'isEven'],
      ['PARAMS', 'big'],
      ['NESTED', 'big and (small or not in {"a":{}})'],
      ['invoke.done', undefined],
      ['named.error', undefined],
    ]);
  });

  it('leaves out inert transitions, which only swallow an event', () => {
    const machine = setup({}).createMachine({ id: 'inert', initial: 'a', states: { a: { on: { IGNORED: {} } } } });
    expect(toMachineGraph(machine).edges).toEqual([]);
  });
});
