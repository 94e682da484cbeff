import { createClient } from '@capkit/node';
import { scaleLimits, type PollPolicy } from '@capkit/core';
import type { Contender } from './Contender.js';
import { API_KEY, CAPSOLVER_TASKS, CAPSOLVER_TYPES } from './tasks.js';

/**
 * capkit's Node client (`@capkit/node`: keep-alive fetch) with one poll policy. With a time-scaled
 * emulator the client's limits are scaled to match (`scaleLimits`).
 */
export function capkitContender(id: string, name: string, policy: () => PollPolicy | undefined): Contender {
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
          // A learned policy learns from these tasks by itself: the client tracks each for its policy.
          const result = await client.solve(task);
          return { taskId: result.taskId, solution: result.solution };
        },
      };
    },
  };
}
