import { createActor, fromPromise } from 'xstate';
import { vi } from 'vitest';
import type { CapSolverError } from '../../errors/CapSolverError.js';
import { createTaskMachine } from '../../machine/taskMachine.js';
import type {
  CreateTaskInput,
  CreateTaskOutput,
  GetTaskResultInput,
  GetTaskResultOutput,
  TaskMachineInput,
} from '../../machine/taskMachineTypes.js';
import type { PollPolicy } from '../../policies/PollPolicy.js';
import { documented } from '../../policies/documented.js';

/** What the fake service answers to one getTaskResult request. */
export type FakeReply = { status: string; solution?: unknown } | { error: CapSolverError };

/** A scripted stand-in for the service, for the machine's two actors (the network is tested elsewhere). */
export interface FakeServiceScript {
  create?: (() => CreateTaskOutput | { error: CapSolverError }) | undefined;
  createLatencyMs?: number | undefined;
  /** The answer to request number `n` (0-based, retries included). */
  poll?: ((n: number, now: number) => FakeReply) | undefined;
  pollLatencyMs?: ((n: number) => number) | undefined;
  /** Transport retries the actor makes for query number `q` before its answer (each is a request). */
  retries?: ((q: number) => number) | undefined;
}

/** Everything the fake service saw. */
export interface FakeServiceLog {
  createCalls: number[];
  /** Send time of every getTaskResult request, retries included. */
  requests: number[];
  /** getTaskResult invocations aborted while in flight. */
  aborted: number;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const settle = (reply: FakeReply): GetTaskResultOutput => {
  if ('error' in reply) throw reply.error;
  return { status: reply.status, solution: reply.solution };
};

/** The machine's actors backed by a script, and the log of what they were asked. */
export function fakeService(script: FakeServiceScript = {}) {
  const log: FakeServiceLog = { createCalls: [], requests: [], aborted: 0 };
  let queries = 0;
  const actors = {
    createTask: fromPromise<CreateTaskOutput, CreateTaskInput>(async ({ signal }) => {
      log.createCalls.push(Date.now());
      await wait(script.createLatencyMs ?? 50, signal);
      const reply = script.create?.() ?? { taskId: 'task-1', status: 'idle', solution: undefined };
      if ('error' in reply) throw reply.error;
      return reply;
    }),
    getTaskResult: fromPromise<GetTaskResultOutput, GetTaskResultInput>(async ({ input, signal }) => {
      const query = queries++;
      const retries = Math.min(script.retries?.(query) ?? 0, input.maxAttempts - 1);
      try {
        for (let attempt = 0; ; attempt += 1) {
          const n = log.requests.length;
          log.requests.push(Date.now());
          await wait(script.pollLatencyMs?.(n) ?? 20, signal);
          if (attempt >= retries) return settle(script.poll?.(n, Date.now()) ?? { status: 'processing' });
          if (Date.now() + 10 > input.notAfter) return settle(script.poll?.(n, Date.now()) ?? { status: 'processing' });
          await wait(10, signal);
          input.parent.send({ type: 'query.retried' });
        }
      } catch (error) {
        if (signal.aborted) log.aborted += 1;
        throw error;
      }
    }),
  };
  return { actors, log };
}

/** A started task actor over a fake service. */
export function runFakeTask(
  script: FakeServiceScript,
  input: TaskMachineInput = {
    task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'k' },
  },
  pollPolicy: PollPolicy = documented,
) {
  const service = fakeService(script);
  const machine = createTaskMachine({ now: () => Date.now(), pollPolicy }).provide({ actors: service.actors });
  const actor = createActor(machine, { input }).start();
  return { actor, log: service.log };
}

/** Advances fake time timer by timer until the actor is done (or `maxSteps` timers fired). */
export async function runUntilDone(actor: { getSnapshot(): { status: string } }, maxSteps = 5_000): Promise<void> {
  for (let step = 0; step < maxSteps && actor.getSnapshot().status === 'active'; step += 1) {
    await vi.advanceTimersToNextTimerAsync();
  }
}
