import type { CapSolverClient } from '@capkit/core';

/** The client calls the hostile suite exercises: every single API call, and a whole solve. */
export const CALLS = ['solve', 'createTask', 'getTaskResult', 'getBalance', 'getToken', 'feedback'] as const;

/** One of {@link CALLS}. */
export type CallName = (typeof CALLS)[number];

const RECAPTCHA = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://hostile.capkit.test/',
  websiteKey: 'site-key',
} as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Runs `call` and checks what it resolved with: a resolved call must carry what its type promises (the
 * client validates answers at the boundary, so garbage may never come back as a success). Returns a
 * problem description, or undefined when the value is sound.
 */
export async function runCall(client: CapSolverClient, call: CallName): Promise<string | undefined> {
  switch (call) {
    case 'solve': {
      const result = await client.solve(RECAPTCHA);
      return isObject(result.solution)
        ? undefined
        : `solve resolved without a solution object: ${JSON.stringify(result)}`;
    }
    case 'createTask': {
      const result = await client.createTask(RECAPTCHA);
      const usable = typeof result.taskId === 'string' || (result.status === 'ready' && isObject(result.solution));
      return usable ? undefined : `createTask resolved with neither a taskId nor a solution: ${JSON.stringify(result)}`;
    }
    case 'getTaskResult': {
      const result = await client.getTaskResult('hostile-task');
      if (typeof result.status !== 'string')
        return `getTaskResult resolved without a status: ${JSON.stringify(result)}`;
      return result.status === 'ready' && !isObject(result.solution)
        ? 'getTaskResult resolved ready without a solution'
        : undefined;
    }
    case 'getBalance': {
      const result = await client.getBalance();
      return typeof result.balance === 'number' && Array.isArray(result.packages)
        ? undefined
        : `getBalance resolved with ${JSON.stringify(result)}`;
    }
    case 'getToken': {
      const result = await client.getToken(RECAPTCHA);
      return isObject(result.solution) ? undefined : `getToken resolved without a solution: ${JSON.stringify(result)}`;
    }
    case 'feedback': {
      const result = await client.feedback('hostile-task', { invalid: false });
      return isObject(result) ? undefined : 'feedback resolved with a non-object';
    }
  }
}
