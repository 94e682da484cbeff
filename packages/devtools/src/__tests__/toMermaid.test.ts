import { fixed, scaleLimits } from '@capkit/core';
import { createTaskMachine, taskMachine } from '@capkit/core/machine';
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
        state exhausted <<choice>>
        [*] --> creating
        creating
        state polling {
          [*] --> waiting
          waiting
          querying
          waiting --> querying : after pollDelay
          querying --> waiting : getTaskResult.done [budgetLeft and not expired]<br/>getTaskResult.error [budgetLeft or in polling]
        }
        ready
        failed
        cancelled
        expired
        creating --> polling : createTask.done
        creating --> failed : createTask.error
        polling --> cancelled : CANCEL
        polling --> expired : after 300000ms
        polling --> ready : getTaskResult.done [isReady]
        polling --> exhausted : getTaskResult.done
        exhausted --> failed : else
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
        note left of off : POWER.OFF, from any state
      "
    `);
  });

  it('adds a direction and action names on request, and can leave invokes out', () => {
    const text = toMermaid(pollingMachine, { direction: 'LR', actions: true });
    expect(text.split('\n').slice(0, 2)).toEqual(['stateDiagram-v2', '  direction LR']);
    expect(text).toContain('creating --> polling : createTask.done / assign\n');
    expect(text).toContain('waiting --> waiting : NUDGE / countQuery\n');
    expect(text).not.toContain('invoke');
    expect(toMermaid(pollingMachine, { invokes: true })).toContain('creating : invoke createTask\n');
    // Without composite drawing, arrows join the innermost states.
    expect(toMermaid(pollingMachine, { composite: false })).toContain('waiting --> expired : after 300000ms\n');
    expect(toMermaid(pollingMachine)).toContain('polling --> expired : after 300000ms\n');
  });

  it('is deterministic and reads a graph as well as a machine', () => {
    const graph = toMachineGraph(pollingMachine);
    expect(toMermaid(pollingMachine)).toBe(toMermaid(pollingMachine));
    expect(toMermaid(graph)).toBe(toMermaid(pollingMachine));
  });
});

describe('toMermaid(taskMachine) from @capkit/core', () => {
  const text = toMermaid(taskMachine);
  const lines = text.split('\n');
  const arrows = lines.filter((line) => line.includes(' --> ') && !line.includes('[*]'));

  it('draws the lifecycle: creating, idle, processing, ready, error, with the client steps inside', () => {
    expect(lines).toContain('  state starting <<choice>>');
    expect(lines).toContain('  [*] --> starting');
    for (const state of ['idle', 'processing']) {
      expect(lines).toContain(`  state ${state} {`);
      expect(lines).toContain(`    [*] --> ${state}_waiting`);
      expect(lines).toContain(`    state "waiting" as ${state}_waiting`);
      expect(lines).toContain(`    state "querying" as ${state}_querying`);
    }
    expect(lines).toContain('  ready --> [*]');
    expect(lines).toContain('  error --> [*]');
    // No box is titled after an actor.
    expect(text).not.toContain('invoke ');
  });

  it('names the limits with their numbers, next to the guards', () => {
    for (const state of ['idle', 'processing']) {
      const toError = arrows.find((line) => line.startsWith(`  ${state} --> error : `));
      expect(toError).toContain('[queryBudgetSpent] 120 queries spent');
      expect(toError).toContain('[lifetimeOver] 5-minute lifetime over');
    }
  });

  it('takes the numbers from the limits the machine is built with', () => {
    const machine = createTaskMachine({ now: Date.now, pollPolicy: fixed(1), limits: scaleLimits(0.01) });
    const scaled = toMermaid(machine);
    expect(scaled).toContain('[queryBudgetSpent] 120 queries spent');
    expect(scaled).toContain('[lifetimeOver] 3-second lifetime over');
    expect(scaled).not.toContain('5-minute');
  });

  it('draws one arrow per pair of states at each level, and no more than the lifecycle needs', () => {
    const pairs = arrows.map((line) => line.split(' : ')[0]!.trim());
    expect(new Set(pairs).size).toBe(pairs.length);
    expect([...pairs].sort()).toEqual(
      [
        'idle_waiting --> idle_querying',
        'idle_querying --> idle_waiting',
        'processing_waiting --> processing_querying',
        'processing_querying --> processing_waiting',
        'starting --> idle',
        'starting --> processing',
        'starting --> error',
        'starting --> creating',
        'creating --> ready',
        'creating --> processing',
        'creating --> idle',
        'creating --> error',
        'idle --> error',
        'idle --> ready',
        'idle --> processing',
        'processing --> error',
        'processing --> ready',
      ].sort(),
    );
    // The lifecycle never goes back: nothing leads to creating but the choice, nothing from processing to idle.
    expect(pairs.filter((pair) => pair.endsWith('--> creating'))).toEqual(['starting --> creating']);
    expect(pairs).not.toContain('processing --> idle');
    expect(lines).toContain('  note left of error : cancel, from any state');
  });

  it('labels every transition that changes state, with its trigger, guard or description', () => {
    // Every transition of the machine, read from the definition, is on the arrow between the states it joins.
    const graph = toMachineGraph(taskMachine);
    const top = (id: string) => id.split('.')[0]!;
    for (const edge of graph.edges) {
      if (edge.targetless || edge.source === '') continue;
      const inner = top(edge.source) === top(edge.target);
      const from = inner ? edge.source.replace('.', '_') : top(edge.source);
      const to = inner ? edge.target.replace('.', '_') : top(edge.target);
      const arrow = arrows.find((line) => line.trim().startsWith(`${from} --> ${to} : `));
      expect(arrow, `${edge.source} -> ${edge.target}`).toBeDefined();
      if (edge.guard) expect(arrow).toContain(`[${edge.guard}]`);
      if (edge.description) expect(arrow).toContain(edge.description);
      else if (edge.kind !== 'always') expect(arrow).toContain(edge.trigger);
    }
  });
});
