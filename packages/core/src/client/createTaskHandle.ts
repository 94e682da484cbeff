import type { SolutionFor, TaskType } from '@capkit/api';
import { createActor } from 'xstate';
import { AbortedError } from '../errors/clientErrors.js';
import type { TaskMachine } from '../machine/taskMachine.js';
import type { TaskMachineInput } from '../machine/taskMachineTypes.js';
import { abortedError, taskError } from '../machine/taskErrors.js';
import type { CallbackLink } from '../callbacks/createCallbackLink.js';
import type { CapSolverError } from '../errors/CapSolverError.js';
import type { BalanceBreaker } from './createBalanceBreaker.js';
import { callSafely } from './callSafely.js';
import type { TaskActorHooks } from './createTaskActors.js';
import { createRedactedInspector } from './createRedactedInspector.js';
import { createWriteQueue } from './createWriteQueue.js';
import type { TaskLimiter } from './createTaskLimiter.js';
import type { ResolvedClientOptions } from './resolveClientOptions.js';
import { serializeSnapshot, stateOf, toProgress, type TaskSnapshot } from './taskSnapshot.js';
import type { SolveOptions, SolveResult, TaskHandle, TaskProgress } from './types.js';

/** What {@link createTaskHandle} needs. */
export interface TaskHandleSetup {
  /** The local id (store key). */
  key: string;
  /** Where the task starts. */
  input: TaskMachineInput;
  /** The task's machine, with the client's actors. */
  machine: TaskMachine;
  /** Where the client's actors find the hooks that serve the requests of a task (set before its actor starts). */
  hooks: Pick<WeakMap<object, TaskActorHooks>, 'set'>;
  client: ResolvedClientOptions;
  solveOptions: SolveOptions;
  /** The task's callback URL, in callback mode. */
  callback?: CallbackLink | undefined;
  /** The client's cap on concurrent tasks and its zero-balance breaker. */
  gate?: TaskGate | undefined;
}

/** What a task passes before its actor starts: a slot under `maxConcurrentTasks`, and the balance breaker. */
export interface TaskGate {
  limiter?: TaskLimiter | undefined;
  breaker: BalanceBreaker;
}

/**
 * Starts a task actor and wraps it in a {@link TaskHandle}: progress to listeners, store writes in
 * order (each request waits until the state it was sent from is stored), the `AbortSignal` wired to
 * `cancel`, and the outcome as a promise that settles once the task's store writes are done.
 */
export function createTaskHandle<TT extends TaskType = TaskType>(setup: TaskHandleSetup): TaskHandle<TT> {
  const { key, client, solveOptions, callback } = setup;
  const { logger, now, redactor, inspect } = client;
  const { signal, onProgress, store = client.store } = solveOptions;
  const writes = createWriteQueue(logger, `Task ${key}`);
  // A request's actor starts before the snapshot it starts from reaches the observer below, so the
  // hook queues that snapshot itself (the observer's identical write is then skipped).
  const beforeSend = (): Promise<void> => {
    persist(snapshot());
    return writes.flush();
  };
  // The machine never holds the key, but a caller may have pasted it into a task (or a cancel
  // reason); a record or an inspection event never carries it (resuming never re-sends the task, so
  // nothing is lost). Data without a secret is passed as it is.
  const scrubbed = <T>(value: T): T => (redactor.contains(value) ? redactor.value(value) : value);
  const actor = createActor(setup.machine, {
    // The local key names the actor, so inspectors (devtools) can show which stored task it is.
    id: key,
    input: setup.input,
    clock: client.timers,
    ...(inspect && { inspect: createRedactedInspector(inspect, scrubbed, logger) }),
  });
  const snapshot = () => actor.getSnapshot();
  const recordOf = (current: TaskSnapshot) => scrubbed(serializeSnapshot(current, key));

  const listeners = new Set<(progress: TaskProgress) => void>();
  // The task's policy may follow it (a learning policy records when it was found ready).
  const policy = solveOptions.pollPolicy ?? client.pollPolicy;
  const tracker = callSafely(
    logger,
    "The poll policy's track() threw",
    (type) => policy.track?.(type),
    snapshot().context.taskType,
  );
  let progress = toProgress(snapshot(), now());
  const tell = (listener?: (progress: TaskProgress) => void) =>
    callSafely(logger, 'A progress listener threw', listener, progress);
  let lastSaved: string | undefined;
  let finished = false;
  let settle!: { resolve: (value: SolveResult<TT>) => void; reject: (error: unknown) => void };
  const result = new Promise<SolveResult<TT>>((resolve, reject) => (settle = { resolve, reject }));
  // Observing the handle only through subscribe() must not raise an unhandled rejection.
  result.catch(() => undefined);

  const persist = (current: TaskSnapshot) => {
    if (!store) return;
    if (current.status === 'active') {
      const record = recordOf(current);
      const json = JSON.stringify(record);
      if (json !== lastSaved) writes.push(() => store.save(record));
      lastSaved = json;
      // A cancelled task stays stored: it is unfinished, and a restart may want it back.
    } else if (!(current.context.error instanceof AbortedError)) writes.push(() => store.remove(key));
  };

  const onAbort = () => actor.send({ type: 'cancel', reason: scrubbed(signal?.reason) });

  const finish = (current: TaskSnapshot, crash?: unknown) => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    setup.gate?.limiter?.leave();
    const { context } = current;
    callback?.close(context.error instanceof AbortedError || crash !== undefined ? 'abandoned' : 'finished');
    void writes.flush().then(() =>
      crash === undefined && stateOf(current) === 'ready'
        ? settle.resolve({
            taskId: context.taskId ?? '',
            solution: context.solution as SolutionFor<TT>,
            queries: context.queries,
            // As of the ready step, not of the store flush after it.
            elapsedMs: progress.elapsedMs,
          })
        : settle.reject(taskError(crash ?? context.error, context)),
    );
  };

  // Before the actor starts (cancelled first, refused by the balance breaker, or while queued): nothing
  // was sent, nothing is stored.
  const failUnstarted = (error: CapSolverError) => {
    progress = { ...progress, state: 'error', done: true, error };
    finished = true;
    signal?.removeEventListener('abort', onAbortQueued);
    callback?.close('abandoned');
    for (const listener of [onProgress, ...listeners]) tell(listener);
    settle.reject(error);
  };
  let leaveQueue: (() => void) | undefined;
  const onAbortQueued = () => {
    leaveQueue?.();
    failUnstarted(abortedError(snapshot().context, scrubbed(signal?.reason)));
  };
  // Only a task that still has to be created can be refused for the balance: one that exists is paid for.
  const creates = setup.input.taskId === undefined && !setup.input.resumed;
  const refusal = creates ? setup.gate?.breaker.refusal() : undefined;

  const begin = () => {
    leaveQueue = undefined;
    signal?.removeEventListener('abort', onAbortQueued);
    actor.subscribe({
      next(current) {
        progress = toProgress(current, now());
        callback?.step(progress.step);
        for (const listener of [tracker, onProgress, ...listeners]) tell(listener);
        persist(current);
        // XState tells a crash to `error` only: `next` sees active and done snapshots.
        if (current.status === 'done') finish(current);
      },
      error: (crash) => finish(snapshot(), crash),
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    setup.hooks.set(actor, { beforeSend, callbackUrl: callback?.url });
    callback?.connect((event) => actor.send(event));
    actor.start();
  };

  if (signal?.aborted) failUnstarted(abortedError(snapshot().context, scrubbed(signal.reason)));
  else if (refusal) failUnstarted(refusal);
  else if (!setup.gate?.limiter) begin();
  else {
    const refuse = (error: CapSolverError) => {
      leaveQueue?.();
      failUnstarted(error);
    };
    leaveQueue = setup.gate.limiter.enter({ start: begin, refuse: creates ? refuse : undefined });
    if (leaveQueue) {
      // Every slot is taken: the task waits, in order, and says so.
      progress = { ...progress, state: 'queued' };
      signal?.addEventListener('abort', onAbortQueued, { once: true });
      tell(onProgress);
    }
  }

  return {
    key,
    get taskId() {
      return snapshot().context.taskId;
    },
    result,
    then: (onFulfilled, onRejected) => result.then(onFulfilled, onRejected),
    subscribe(listener) {
      listeners.add(listener);
      // start() has already emitted the first step: a subscriber gets the current one at once.
      tell(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => progress,
    serialize: () => recordOf(snapshot()),
    cancel(reason) {
      if (finished) return;
      if (leaveQueue) {
        leaveQueue();
        failUnstarted(abortedError(snapshot().context, scrubbed(reason)));
      } else if (snapshot().status === 'active') actor.send({ type: 'cancel', reason });
    },
    actor,
  };
}
