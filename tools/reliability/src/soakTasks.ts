import { TASK_TYPES, type Task, type TaskType } from '@capkit/api';
import openapi from '@capkit/api/openapi.json' with { type: 'json' };

type Example = Record<string, unknown> & { type: TaskType };

const schemas = (openapi as unknown as { components: { schemas: Record<string, { examples?: unknown[] }> } }).components
  .schemas;

/**
 * The asynchronous task types that need no proxy of ours and name a `websiteURL`, with the spec's own
 * example of each (`components.schemas.<Type>.examples[0]`). Asynchronous because those are the tasks
 * that are created, charged and polled: the ones a duplicate createTask or a lost id would cost.
 */
export const SOAK_EXAMPLES: readonly Example[] = (Object.keys(TASK_TYPES) as TaskType[])
  .filter((type) => TASK_TYPES[type].mode === 'async' && TASK_TYPES[type].proxy !== 'required')
  .map((type) => schemas[type]?.examples?.[0] as Example | undefined)
  .filter((example): example is Example => typeof example?.websiteURL === 'string');

/**
 * The task of solve number `index`: a spec example with a `websiteURL` unique to the solve, so every
 * createTask the emulator receives can be traced back to the solve that sent it.
 */
export function soakTask(index: number, runId = 'soak'): Task {
  const example = SOAK_EXAMPLES[index % SOAK_EXAMPLES.length];
  if (!example) throw new Error('The spec has no asynchronous task example with a websiteURL');
  return { ...example, websiteURL: `https://soak.capkit.test/${runId}/${index}` } as unknown as Task;
}
