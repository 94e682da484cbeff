export { toMermaid, type ToMermaidOptions } from './toMermaid.js';
export { toMachineGraph, type GraphEdge, type GraphNode, type MachineGraph } from './toMachineGraph.js';
export type { TriggerKind } from './describeTransition.js';
export {
  checkLifecycleDiagram,
  LIFECYCLE_DIAGRAM_MARKERS,
  replaceDiagramSection,
  writeLifecycleDiagram,
  type LifecycleDiagramOptions,
  type LifecycleDiagramResult,
  type LifecycleDiagramStatus,
} from './writeLifecycleDiagram.js';
export { startVisualizer, type Visualizer, type VisualizerOptions } from './startVisualizer.js';
export { connectVisualizer, type ConnectVisualizerOptions, type VisualizerConnection } from './connectVisualizer.js';
export { parseTaskRecord } from './parseTaskRecord.js';
export { createTaskTracker, type TaskTracker, type TaskTrackerOptions } from './createTaskTracker.js';
export type { TaskRecord, TaskRecordStatus } from './toTaskRecord.js';
