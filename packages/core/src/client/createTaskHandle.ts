import type { SolutionFor, TaskType } from '@capkit/api';
import { createActor } from 'xstate';
import { AbortedError } from '../errors/clientErrors.js';
import type { TaskMachine } from '../machine/taskMachine.js';
import type { TaskMachineInput } from '../machine/taskMachineTypes.js';
import { taskError } from '../machine/taskErrors.js';
import type { TaskActorHooks } from './createTaskActors.js';
import { createRedactedInspector } from './createRedactedInspector.js';
import { createWriteQueue } from './createWriteQueue.js';
import type { ResolvedClientOptions } from './resolveClientOptions.js';
import { serializeSnapshot, stateOf, toProgress, type TaskSnapshot } from './taskSnapshot.js';
import type { SolveOptions, SolveResult, TaskHandle, TaskProgress } from './types.js';

/** What {@link createTaskHandle} needs. */
export interface TaskHandleSetup {
  /** The local id (store key). */
  key: string;
  /** Where the task starts. */
  input: TaskMachineInput;
  /** Builds the task's machine with its actors wired to the given hooks. */
  buildMachine(hooks: TaskActorHooks): TaskMachine;
  client: ResolvedClientOptions;
  solveOptions: SolveOptions;
}

/**
 * Starts a task actor and wraps it in a {@link TaskHandle}: progress to listeners, store writes in
 * order (the first one finished before `createTask` is sent), the `AbortSignal` wired to `cancel`,
 * and the outcome as a promise that settles once the task's store writes are done.
 */
export function createTaskHandle<TT extends TaskType = TaskType>(setup: TaskHandleSetup): TaskHandle<TT> {
  const { key, client, solveOptions } = setup;
  const { store, logger, now, redactor } = client;
  const { signal } = solveOptions;
  const writes = createWriteQueue(logger, `Task ${key}`);
  const actor = createActor(setup.buildMachine({ beforeCreate: () => writes.flush() }), {
    // The local key names the actor, so inspectors (devtools) can show which stored task it is.
    id: key,
    input: setup.input,
    clock: client.timers,
    ...(client.inspect ? { inspect: createRedactedInspector(client.inspect, redactor, logger) } : {}),
  });

  const listeners = new Set<(progress: TaskProgress) => void>();
  let progress = toProgress(actor.getSnapshot(), now());
  let lastSaved: string | undefined;
  let finished = false;
  let settle!: { resolve: (value: SolveResult<TT>) => void; reject: (error: unknown) => void };
  const result = new Promise<SolveResult<TT>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Observing the handle only through subscribe() must not raise an unhandled rejection.
  result.catch(() => undefined);

  const notify = () => {
    for (const listener of [solveOptions.onProgress, ...listeners]) {
      try {
        listener?.(progress);
      } catch (error) {
        logger.warn('A progress listener threw', { error });
      }
    }
  };

  // The machine never holds the key, but a caller may have pasted it into a task; a record never
  // carries it (resuming never re-sends the task, so nothing is lost by scrubbing it).
  const recordOf = (snapshot: TaskSnapshot) => {
    const record = serializeSnapshot(snapshot, key);
    return redactor.contains(record) ? redactor.value(record) : record;
  };

  const persist = (snapshot: TaskSnapshot) => {
    if (!store) return;
    if (snapshot.status !== 'active') {
      // A cancelled task stays stored: it is unfinished, and a restart may want it back.
      if (!(snapshot.context.error instanceof AbortedError)) writes.push(() => store.remove(key));
      return;
    }
    const record = recordOf(snapshot);
    const json = JSON.stringify(record);
    if (json === lastSaved) return;
    lastSaved = json;
    writes.push(() => store.save(record));
  };

  const onAbort = () => actor.send({ type: 'cancel', reason: redactor.contains(signal?.reason) ? redactor.value(signal?.reason) : signal?.reason });

  const finish = (snapshot: TaskSnapshot, crash?: unknown) => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    const { context } = snapshot;
    void writes.flush().then(() => {
      if (crash === undefined && stateOf(snapshot) === 'ready') {
        settle.resolve({
          taskId: context.taskId ?? '',
          solution: context.solution as SolutionFor<TT>,
          queries: context.queries,
          elapsedMs: Math.max(0, now() - (context.createdAt ?? now())),
        });
      } else {
        settle.reject(crash === undefined && context.error ? context.error : taskError(crash, context));
      }
    });
  };

  const onSnapshot = (snapshot: TaskSnapshot) => {
    progress = toProgress(snapshot, now());
    notify();
    persist(snapshot);
    if (snapshot.status === 'error') finish(snapshot, snapshot.error ?? new Error('The task actor failed'));
    else if (snapshot.status !== 'active') finish(snapshot);
  };

  if (signal?.aborted) {
    // Never started: nothing was sent, nothing is stored.
    const error = new AbortedError('The task was cancelled before it started; nothing was sent.', { cause: signal.reason, queries: 0 });
    progress = { ...progress, state: 'error', done: true, error };
    finished = true;
    settle.reject(error);
  } else {
    actor.subscribe({
      next: onSnapshot,
      error: (crash) => finish(actor.getSnapshot(), crash),
    });
    // Saved before start, so the record exists before createTask can be sent (the createTask actor
    // waits for this write); start() then emits the same snapshot, which the dedupe skips.
    if (actor.getSnapshot().status === 'active') persist(actor.getSnapshot());
    signal?.addEventListener('abort', onAbort, { once: true });
    actor.start();
  }

  return {
    key,
    get taskId() {
      return actor.getSnapshot().context.taskId;
    },
    result,
    then: (onFulfilled, onRejected) => result.then(onFulfilled, onRejected),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => progress,
    serialize: () => recordOf(actor.getSnapshot()),
    cancel(reason) {
      if (!finished && actor.getSnapshot().status === 'active') actor.send({ type: 'cancel', reason });
    },
    actor,
  };
}
