import { taskMachine } from '@capkit/core/machine';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { layoutGraph, type DiagramLayout, type LayoutNode } from '../layoutGraph.js';
import { toMachineGraph } from '../toMachineGraph.js';
import { parallelMachine, pollingMachine, toggleMachine } from './fixtures/sampleMachines.js';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const labelBox = (edge: DiagramLayout['edges'][number]): Box => ({
  x: edge.label.x - edge.label.width / 2,
  y: edge.label.y - edge.label.height / 2,
  width: edge.label.width,
  height: edge.label.height,
});
const parentOf = (node: LayoutNode) => (node.id.includes('.') ? node.id.slice(0, node.id.lastIndexOf('.')) : undefined);

const machines: Array<[string, AnyStateMachine]> = [
  ['toggle', toggleMachine],
  ['polling', pollingMachine],
  ['parallel', parallelMachine],
  ['taskMachine (core)', taskMachine],
];

describe.each(machines)('layoutGraph(%s)', (_, machine) => {
  const graph = toMachineGraph(machine);
  const layout = layoutGraph(graph);
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));

  it('places every state once, inside the canvas', () => {
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    for (const node of layout.nodes)
      expect(inside(node, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(true);
  });

  it('nests children inside their parent and never overlaps siblings', () => {
    for (const node of layout.nodes) {
      const parent = parentOf(node);
      if (parent) expect(inside(node, byId.get(parent)!)).toBe(true);
      for (const other of layout.nodes) {
        if (other !== node && parentOf(other) === parent)
          expect(overlap(node, other), `${node.id} / ${other.id}`).toBe(false);
      }
    }
  });

  it('keeps forward labels off the states and off each other', () => {
    const atomic = layout.nodes.filter((n) => n.type !== 'compound' && n.type !== 'parallel');
    const forward = layout.edges.filter((edge) => !edge.back);
    for (const edge of forward) {
      for (const node of atomic) expect(overlap(labelBox(edge), node), `${edge.id} on ${node.id}`).toBe(false);
      for (const other of forward) if (other !== edge) expect(overlap(labelBox(edge), labelBox(other))).toBe(false);
    }
  });

  it('routes one path per pair of states, from its source to its target', () => {
    const pairs = new Set(
      graph.edges.filter((e) => e.source !== '' && e.source !== e.target).map((e) => `${e.source}>${e.target}`),
    );
    expect(layout.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([...pairs].sort());
    for (const edge of layout.edges) {
      expect(edge.d).toMatch(/^M[\d.-]+,[\d.-]+ /);
      const [x, y] = edge.d.slice(1).split(' ')[0]!.split(',').map(Number);
      const source = byId.get(edge.source)!;
      // Paths start on the source's border (x on its left or right side, y within it).
      expect(y!).toBeGreaterThanOrEqual(source.y);
      expect(y!).toBeLessThanOrEqual(source.y + source.height);
      expect(x! >= source.x && x! <= source.x + source.width).toBe(true);
    }
  });

  it('marks each initial state and is deterministic', () => {
    const compounds = graph.nodes.filter((n) => n.type === 'compound').length;
    expect(layout.initials).toHaveLength(compounds + (graph.initial ? 1 : 0));
    expect(layoutGraph(toMachineGraph(machine))).toEqual(layout);
  });
});

describe('layoutGraph details', () => {
  it('lists self transitions inside the state and root transitions as "any state"', () => {
    const polling = layoutGraph(toMachineGraph(pollingMachine));
    expect(polling.nodes.find((n) => n.id === 'polling.waiting')?.selfLines).toEqual([
      { trigger: 'NUDGE', kind: 'event' },
    ]);
    const core = layoutGraph(toMachineGraph(taskMachine));
    expect(core.anyState).toEqual([{ target: 'error', lines: [{ trigger: 'cancel', kind: 'event' }] }]);
  });

  it('routes loops back through a lane below the states, with the label on the lane', () => {
    const layout = layoutGraph(toMachineGraph(taskMachine));
    const loop = layout.edges.find((e) => e.source === 'idle.querying' && e.target === 'idle.waiting')!;
    expect(loop.back).toBe(true);
    // Below the states of its own scope (idle's steps).
    const lowest = Math.max(...layout.nodes.filter((n) => n.id.startsWith('idle.')).map((n) => n.y + n.height));
    expect(loop.label.y).toBeGreaterThan(lowest);
    expect(loop.label.lines.map((l) => l.trigger)).toEqual(['getTaskResult.done', 'getTaskResult.error']);
  });
});
