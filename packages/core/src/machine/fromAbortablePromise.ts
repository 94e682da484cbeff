import type { PromiseActorLogic, PromiseSnapshot } from 'xstate';

/** What a settled promise ends its actor's snapshot with (sent as a `capkit.promise.settled` event). */
type Settled<TOutput> = { status: 'done'; output: TOutput } | { status: 'error'; error: unknown };

/**
 * Promise actor logic, like XState's `fromPromise` but reduced to what the task machine's actors use:
 * `input`, and an `AbortSignal` that aborts when the actor is stopped (the machine left the state
 * that invoked it, or was cancelled). Its snapshots are `fromPromise`'s, so it fits wherever a
 * `PromiseActorLogic` does; it exists because it is all the browser bundle needs of XState's actor
 * module.
 *
 * @example
 * ```ts
 * const machine = taskMachine.provide({
 *   actors: {
 *     createTask: fromAbortablePromise(({ input, signal }) => api.createTask(input.task, { signal })),
 *     getTaskResult: fromAbortablePromise(({ input, signal }) => api.getTaskResult(input.taskId, { signal })),
 *   },
 * });
 * ```
 */
export function fromAbortablePromise<TOutput, TInput>(
  run: (args: { input: TInput; signal: AbortSignal }) => PromiseLike<TOutput>,
): PromiseActorLogic<TOutput, TInput> {
  // One logic serves many actors (every task of a client): each running one has its own controller.
  const controllers = new WeakMap<object, AbortController>();
  return {
    // `output` and `error` are absent (they read undefined) until the promise settles.
    getInitialSnapshot: (_scope, input) => ({ status: 'active', input }) as PromiseSnapshot<TOutput, TInput>,
    start({ status, input }, { self }) {
      // A snapshot restored after its promise settled is not run again.
      if (status !== 'active') return;
      const controller = new AbortController();
      controllers.set(self, controller);
      // A stopped actor drops these events: a late answer changes nothing.
      const settle = (settled: Settled<TOutput>) => self.send({ type: 'capkit.promise.settled', settled });
      run({ input: input as TInput, signal: controller.signal }).then(
        (output) => settle({ status: 'done', output }),
        (error: unknown) => settle({ status: 'error', error }),
      );
    },
    transition(snapshot, event, { self }) {
      if (snapshot.status !== 'active') return snapshot;
      if (event.type === 'xstate.stop') {
        controllers.get(self)?.abort();
        return { ...snapshot, status: 'stopped', input: undefined };
      }
      if (event.type !== 'capkit.promise.settled') return snapshot;
      return { ...snapshot, ...(event.settled as Settled<TOutput>), input: undefined } as PromiseSnapshot<
        TOutput,
        TInput
      >;
    },
    getPersistedSnapshot: (snapshot) => snapshot,
  };
}
