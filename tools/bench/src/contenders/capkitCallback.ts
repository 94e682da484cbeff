import { callbackFallback, scaleLimits, type CallbackFallbackPolicy } from '@capkit/core';
import { createClient, startCallbackReceiver } from '@capkit/node';
import type { Contender } from './Contender.js';
import { API_KEY, CAPSOLVER_TASKS, CAPSOLVER_TYPES } from './tasks.js';

/** What a warm-up learned about callback losses: the fallback policy starts from it. */
export interface CallbackWarmUp {
  /** The loss rate the warm-up's policy ended with. */
  lossRate: number;
  /** How many tasks it saw (the weight of that rate in the measured run). */
  tasks: number;
}

/**
 * capkit in callback mode: a `startCallbackReceiver()` in this process (loopback, which the
 * emulator posts to), `createClient({ callbackReceiver })`, and the default fallback policy,
 * `callbackFallback()`, starting from what a warm-up learned (fresh when omitted). The emulator
 * instance drops `lost` of the callbacks.
 */
export function capkitCallbackContender(
  id: string,
  name: string,
  lost: number,
  warmUp?: CallbackWarmUp,
  policy: () => CallbackFallbackPolicy = () =>
    callbackFallback(warmUp ? { priorLossRate: warmUp.lossRate, priorWeight: warmUp.tasks } : {}),
): Contender {
  return {
    id,
    name,
    family: 'capkit',
    emulator: { callbacks: { lost } },
    taskTypes: CAPSOLVER_TYPES,
    async create({ url, timeScale }) {
      const receiver = await startCallbackReceiver();
      const client = createClient({
        apiKey: API_KEY,
        baseUrl: url,
        callbackReceiver: receiver,
        callbackPollPolicy: policy(),
        ...(timeScale === 1 ? {} : { limits: scaleLimits(timeScale) }),
      });
      return {
        async solve(kind) {
          const result = await client.solve(CAPSOLVER_TASKS[kind]);
          return { taskId: result.taskId, solution: result.solution };
        },
        close: () => receiver.close(),
      };
    },
  };
}

/** The share of callbacks the lossy contender's emulator drops. */
export const LOST_SHARE = 0.1;

/** capkit callback, every callback delivered. */
export const capkitCallback = (warmUp?: CallbackWarmUp): Contender =>
  capkitCallbackContender('capkit-callback', 'capkit callback (after warm-up)', 0, warmUp);

/** capkit callback, 10 % of callbacks lost. */
export const capkitCallbackLost = (warmUp?: CallbackWarmUp): Contender =>
  capkitCallbackContender('capkit-callback-lost', 'capkit callback, 10 % lost (after warm-up)', LOST_SHARE, warmUp);
