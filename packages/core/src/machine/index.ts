/**
 * `@capkit/core/machine`: the task lifecycle as an XState v5 machine, for drawing it (devtools),
 * inspecting it, or running it with other actors (a simulation, a test). `taskMachine` is the default
 * machine; `createTaskMachine({ now, pollPolicy, limits })` builds one on another clock, policy or limits; its actors'
 * input and output types, context, events and input are here. Client users need none of it:
 * `createClient` runs this machine for every task.
 * @packageDocumentation
 */
export { createTaskMachine, taskMachine, type TaskMachine } from './taskMachine.js';
export { describeLimits, type LimitDescriptions } from './describeLimits.js';
export type {
  CreateTaskInput,
  CreateTaskOutput,
  GetTaskResultInput,
  GetTaskResultOutput,
  TaskContext,
  TaskEvent,
  TaskMachineInput,
} from './taskMachineTypes.js';
export { defaultTaskRuntime, type TaskRuntime } from './taskRuntime.js';
