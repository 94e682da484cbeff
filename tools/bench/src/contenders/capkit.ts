import { createClient } from '@capkit/node';
import { scaleLimits, type PollPolicy, type TaskProgress } from '@capkit/core';
import type { Contender } from './Contender.js';
import { API_KEY, CAPSOLVER_TASKS, CAPSOLVER_TYPES } from './tasks.js';

/** A policy, optionally with a way to learn from each task's progress (the learned policy). */
export type BenchPolicy = PollPolicy & { observer?: (taskType: string | undefined) => (progress: TaskProgress) => void };

/**
 * capkit's Node client (`@capkit/node`: keep-alive fetch) with one poll policy. With a time-scaled
 * emulator the client's limits are scaled to match (`scaleLimits`).
 */
export function capkitContender(id: string, name: string, policy: () => BenchPolicy | undefined): Contender {
  return {
    id,
    name,
    family: 'capkit',
    emulator: {},
    taskTypes: CAPSOLVER_TYPES,
    create({ url, timeScale }) {
      const pollPolicy = policy();
      const client = createClient({
        apiKey: API_KEY,
        baseUrl: url,
        ...(pollPolicy ? { pollPolicy } : {}),
        ...(timeScale === 1 ? {} : { limits: scaleLimits(timeScale) }),
      });
      return {
        async solve(kind) {
          const task = CAPSOLVER_TASKS[kind];
          const onProgress = pollPolicy?.observer?.(task.type);
          const result = await client.solve(task, onProgress ? { onProgress } : {});
          return { taskId: result.taskId, solution: result.solution };
        },
      };
    },
  };
}
