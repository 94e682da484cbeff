import type { ClientOptions } from '@capkit/core';
import { taskMachine } from '@capkit/core/machine';
import { expectTypeOf, test } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import {
  createTaskTracker,
  startVisualizer,
  toMermaid,
  writeLifecycleDiagram,
  type LifecycleDiagramStatus,
  type MachineGraph,
  type TaskRecord,
  type Visualizer,
} from '../index.js';

test("a visualizer's inspect fits the client's inspect option", () => {
  expectTypeOf<Visualizer['inspect']>().toExtend<NonNullable<ClientOptions['inspect']>>();
  expectTypeOf(createTaskTracker).returns.toHaveProperty('inspect').toExtend<NonNullable<ClientOptions['inspect']>>();
});

test('the functions take the core machine, any machine, or a graph', () => {
  expectTypeOf(toMermaid).toBeCallableWith(taskMachine);
  expectTypeOf(toMermaid).parameter(0).toEqualTypeOf<AnyStateMachine | MachineGraph>();
  expectTypeOf(startVisualizer).toBeCallableWith();
  expectTypeOf(startVisualizer).returns.resolves.toEqualTypeOf<Visualizer>();
  expectTypeOf(writeLifecycleDiagram).returns.resolves.toHaveProperty('status').toEqualTypeOf<LifecycleDiagramStatus>();
});

test('records carry only plain, redacted fields', () => {
  expectTypeOf<TaskRecord>().toEqualTypeOf<{
    id: string;
    key?: string;
    taskId?: string;
    type: string;
    state: string[];
    queries: number;
    maxQueries: number;
    remainingMs: number | null;
    status: 'active' | 'done' | 'error' | 'stopped';
    errorCode?: string;
    updatedAt: number;
  }>();
});
