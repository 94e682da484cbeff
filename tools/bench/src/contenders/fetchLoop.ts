import type { Contender } from './Contender.js';
import { API_KEY, CAPSOLVER_TASKS, CAPSOLVER_TYPES } from './tasks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What most users write themselves: createTask, then `getTaskResult` every 3 s until `ready`,
 * throwing on an error envelope. No cap on queries, no lifetime, no retries.
 */
export const fetchLoopContender: Contender = {
  id: 'fetch-loop',
  name: 'hand-written fetch loop (3 s)',
  family: 'baseline',
  emulator: {},
  taskTypes: CAPSOLVER_TYPES,
  create({ url, timeScale }) {
    const post = async (method: string, body: object) => {
      const response = await fetch(`${url}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientKey: API_KEY, ...body }),
      });
      const answer = (await response.json()) as {
        errorId: number;
        errorDescription?: string;
        taskId?: string;
        status?: string;
        solution?: unknown;
      };
      if (answer.errorId !== 0) throw new Error(answer.errorDescription ?? 'CapSolver error');
      return answer;
    };
    return {
      async solve(kind) {
        const { taskId } = await post('createTask', { task: CAPSOLVER_TASKS[kind] });
        for (;;) {
          await sleep(3_000 * timeScale);
          const result = await post('getTaskResult', { taskId });
          if (result.status === 'ready') return { taskId, solution: result.solution };
        }
      },
    };
  },
};
