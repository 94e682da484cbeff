import { taskMachine } from '@capkit/core/machine';
import { describe, expect, it } from 'vitest';
import { toMachineGraph } from '../toMachineGraph.js';
import { toMermaid } from '../toMermaid.js';
import { parallelMachine, pollingMachine, toggleMachine } from './fixtures/sampleMachines.js';

describe('toMermaid', () => {
  it('draws a flat machine: initial state, states, events', () => {
    expect(toMermaid(toggleMachine)).toMatchInlineSnapshot(`
      "stateDiagram-v2
        [*] --> off
        off
        on
        off --> on : TOGGLE
        on --> off : TOGGLE
      "
    `);
  });

  it('draws nested states, invokes, guards, named and numeric delays, always and final states', () => {
    expect(toMermaid(pollingMachine)).toMatchInlineSnapshot(`
      "stateDiagram-v2
        [*] --> creating
        creating : invoke createTask
        state polling {
          [*] --> waiting
          waiting
          querying : invoke getTaskResult
          waiting --> waiting : NUDGE
          waiting --> querying : after pollDelay
          querying --> waiting : getTaskResult.done [budgetLeft and not expired]
          querying --> waiting : getTaskResult.error [budgetLeft or in polling]
        }
        exhausted
        ready
        failed
        cancelled
        expired
        creating --> polling : createTask.done
        creating --> failed : createTask.error
        polling --> cancelled : CANCEL
        waiting --> expired : after 300000ms
        querying --> ready : getTaskResult.done [isReady]
        querying --> exhausted : getTaskResult.done
        exhausted --> failed : always
        ready --> [*]
        failed --> [*]
        cancelled --> [*]
        expired --> [*]
      "
    `);
  });

  it('draws parallel regions, history states, root transitions, state done events and escapes odd names', () => {
    expect(toMermaid(parallelMachine)).toMatchInlineSnapshot(`
      "stateDiagram-v2
        [*] --> active
        state active {
          state audio {
            [*] --> muted
            muted
            loud
            state "finished" as active_audio_finished
            muted --> loud : UNMUTE
            loud --> muted : MUTE
            loud --> active_audio_finished : END#35;1#59;
            active_audio_finished --> [*]
          }
          --
          state video {
            [*] --> playing
            state "playing-hd" as playing_hd
            playing
            state "finished" as active_video_finished
            hist : history
            playing_hd --> playing : *
            playing --> playing_hd : DOWNGRADE
            playing --> active_video_finished : STOP
            active_video_finished --> [*]
          }
        }
        off
        active --> off : done
        off --> active : POWER.ON
        active --> off : POWER.OFF
      "
    `);
  });

  it('adds a direction and action names on request, and can leave invokes out', () => {
    const text = toMermaid(pollingMachine, { direction: 'LR', actions: true, invokes: false });
    expect(text.split('\n').slice(0, 2)).toEqual(['stateDiagram-v2', '  direction LR']);
    expect(text).toContain('creating --> polling : createTask.done / assign\n');
    expect(text).toContain('waiting --> waiting : NUDGE / countQuery\n');
    expect(text).not.toContain('invoke');
  });

  it('is deterministic and reads a graph as well as a machine', () => {
    const graph = toMachineGraph(pollingMachine);
    expect(toMermaid(pollingMachine)).toBe(toMermaid(pollingMachine));
    expect(toMermaid(graph)).toBe(toMermaid(pollingMachine));
  });
});

/** Transition configs as written in a machine config: a target string, an object, or an array of them. */
type RawTransition = string | { target?: string; guard?: string } | Array<string | { target?: string; guard?: string }>;
const asArray = (raw: RawTransition | undefined) => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
const targetOf = (t: string | { target?: string }) => (typeof t === 'string' ? t : t.target)?.replace(/^\./, '');
const guardOf = (t: string | { guard?: string }) => (typeof t === 'string' || !t.guard ? '' : ` [${t.guard}]`);

describe('toMermaid(taskMachine) from @capkit/core', () => {
  const text = toMermaid(taskMachine);
  const config = taskMachine.config as {
    initial: string;
    on?: Record<string, RawTransition>;
    states: Record<
      string,
      {
        type?: string;
        on?: Record<string, RawTransition>;
        always?: RawTransition;
        after?: Record<string, RawTransition>;
        invoke?: { src: string; onDone?: RawTransition; onError?: RawTransition };
      }
    >;
  };

  it('draws the initial state and every final state', () => {
    expect(text.startsWith(`stateDiagram-v2\n  [*] --> ${config.initial}\n`)).toBe(true);
    const finals = Object.entries(config.states).filter(([, state]) => state.type === 'final');
    expect(finals.length).toBeGreaterThan(0);
    for (const [name] of finals) expect(text).toContain(`\n  ${name} --> [*]\n`);
  });

  it('draws every transition of the machine config, with its trigger and guard', () => {
    // Expected lines are derived from the raw config, independently of the StateNode walk under test.
    const expected: string[] = [];
    const add = (source: string, trigger: string, raw: RawTransition | undefined) => {
      for (const t of asArray(raw)) {
        const target = targetOf(t);
        expected.push(`  ${source} --> ${target ?? source} : ${trigger}${guardOf(t)}`);
      }
    };
    for (const [name, state] of Object.entries(config.states)) {
      for (const [event, raw] of Object.entries(state.on ?? {})) add(name, event, raw);
      add(name, 'always', state.always);
      for (const [delay, raw] of Object.entries(state.after ?? {}))
        add(name, `after ${Number.isNaN(+delay) ? delay : `${delay}ms`}`, raw);
      if (state.invoke) {
        add(name, `${state.invoke.src}.done`, state.invoke.onDone);
        add(name, `${state.invoke.src}.error`, state.invoke.onError);
      }
    }
    for (const [event, raw] of Object.entries(config.on ?? {})) {
      for (const [name, state] of Object.entries(config.states)) {
        if (state.type !== 'final' && targetOf(asArray(raw)[0]!) !== name) add(name, event, raw);
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    const lines = text.split('\n');
    for (const line of expected) expect(lines).toContain(line);
    expect(lines.filter((line) => line.includes(' --> ') && !line.includes('[*]'))).toHaveLength(expected.length);
  });

  it('describes the states that invoke the createTask and getTaskResult actors', () => {
    for (const [name, state] of Object.entries(config.states)) {
      if (state.invoke) expect(text).toContain(`\n  ${name} : invoke ${state.invoke.src}\n`);
    }
  });
});
