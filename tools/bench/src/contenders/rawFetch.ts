import type { Contender } from './Contender.js';
import { API_KEY, CAPSOLVER_TASKS, CAPSOLVER_TYPES } from './tasks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The floor, for overhead only: the least work that can poll the API every 3 s. Request bodies are
 * built once as strings, answers are read as text and only searched for `"ready"`; nothing is
 * parsed, checked or retried. Any client costs at least this much CPU and memory per task.
 */
export const rawFetchContender: Contender = {
  id: 'raw-fetch',
  name: 'raw fetch floor',
  family: 'baseline',
  emulator: {},
  taskTypes: CAPSOLVER_TYPES,
  create({ url, timeScale }) {
    const headers = { 'content-type': 'application/json' };
    const createBodies = {
      recaptcha: JSON.stringify({ clientKey: API_KEY, task: CAPSOLVER_TASKS.recaptcha }),
      turnstile: JSON.stringify({ clientKey: API_KEY, task: CAPSOLVER_TASKS.turnstile }),
    };
    return {
      async solve(kind) {
        const created = await (
          await fetch(`${url}/createTask`, { method: 'POST', headers, body: createBodies[kind] })
        ).text();
        // The id is the only field read: a slice between known delimiters, no JSON parse.
        const start = created.indexOf('"taskId":"') + 10;
        const taskId = created.slice(start, created.indexOf('"', start));
        const pollBody = `{"clientKey":"${API_KEY}","taskId":"${taskId}"}`;
        for (;;) {
          await sleep(3_000 * timeScale);
          const answer = await (
            await fetch(`${url}/getTaskResult`, { method: 'POST', headers, body: pollBody })
          ).text();
          if (answer.includes('"ready"')) return { taskId, solution: answer };
        }
      },
    };
  },
};
