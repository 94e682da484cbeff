import type { CapSolverError } from '../errors/CapSolverError.js';
import { InsufficientBalanceError } from '../errors/apiErrors.js';
import type { ApiCalls } from './createApiCalls.js';

/** The code that opens the breaker: the account has no money left. */
export const ZERO_BALANCE = 'ERROR_ZERO_BALANCE';

/**
 * The zero-balance circuit breaker of a client. Once the service answers `ERROR_ZERO_BALANCE`, every
 * further task-creating call (`createTask`, `getToken`, and so every new or queued task) fails at once
 * with the same typed error, `InsufficientBalanceError` with that code, instead of sending a request
 * that can only be refused: a batch of a thousand tasks does not send a thousand createTasks into an
 * empty account. Polling tasks that already exist goes on (their tasks are paid for). A `getBalance`
 * that shows funds closes it again.
 */
export interface BalanceBreaker {
  /** The error a task-creating call fails with while the breaker is open; `undefined` while closed. */
  refusal(): InsufficientBalanceError | undefined;
  /** The API calls, with createTask/getToken guarded and getBalance closing the breaker. */
  guard(api: ApiCalls): ApiCalls;
  /** Called each time the breaker opens (the client fails its queued tasks). */
  onOpen(listener: (error: InsufficientBalanceError) => void): void;
}

/**
 * Creates the breaker of one client. With `enabled: false` it never opens (`zeroBalanceBreaker: false`).
 */
export function createBalanceBreaker({ enabled }: { enabled: boolean }): BalanceBreaker {
  let cause: CapSolverError | undefined;
  const listeners: Array<(error: InsufficientBalanceError) => void> = [];

  const refusal = (): InsufficientBalanceError | undefined => {
    if (!cause) return undefined;
    return new InsufficientBalanceError(
      'Not sent: the service answered ERROR_ZERO_BALANCE to an earlier task, and no getBalance() has shown funds ' +
        'since. Add funds, then call getBalance().',
      { code: ZERO_BALANCE, cause, status: cause.status, description: cause.description },
    );
  };

  const watch = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => {
    return async (...args: A): Promise<R> => {
      const open = refusal();
      if (open) throw open;
      try {
        return await call(...args);
      } catch (error) {
        if (enabled && error instanceof InsufficientBalanceError && error.code === ZERO_BALANCE && !cause) {
          cause = error;
          const opened = refusal();
          if (opened) for (const listener of listeners) listener(opened);
        }
        throw error;
      }
    };
  };

  return {
    refusal,
    onOpen: (listener) => void listeners.push(listener),
    guard: (api) => ({
      ...api,
      createTask: watch(api.createTask),
      getToken: watch(api.getToken),
      async getBalance(options) {
        const answer = await api.getBalance(options);
        if (answer.balance > 0) cause = undefined;
        return answer;
      },
    }),
  };
}
