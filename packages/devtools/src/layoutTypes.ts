import type { PlacedScope } from './layeredScope.js';
import type { LabelLine } from './layoutMetrics.js';
import type { GraphNode } from './toMachineGraph.js';

// The layout's shared shapes, apart from the code: the layout and the edge router both read them.

/** A positioned state box (absolute SVG coordinates). */
export interface LayoutNode {
  id: string;
  key: string;
  type: GraphNode['type'];
  x: number;
  y: number;
  width: number;
  height: number;
  /** Nesting depth: 0 for top-level states. */
  depth: number;
  invokes: string[];
  /** Transitions that stay in this state (targetless or self-targeting), listed inside the box. */
  selfLines: LabelLine[];
}

/** A scope laid out relative to its own origin, with its size. */
export interface SizedScope extends PlacedScope {
  /** For parallel states: the tops of the stacked regions. */
  parallel: boolean;
}

/** A scope's content origin in absolute coordinates, with its sized layout. */
export interface AbsoluteScope extends SizedScope {
  originX: number;
  originY: number;
}
