import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError, ServiceUnavailableError, TaskNotFoundError, UnsolvableError } from '../errors/apiErrors.js';
import { CapSolverError } from '../errors/CapSolverError.js';
import { stateOf } from '../client/taskSnapshot.js';
import { TransportError } from '../errors/clientErrors.js';
import { DEFAULT_LIMITS, lastQueryAt, resolveLimits, type Limits } from '../limits.js';
import { documented } from '../policies/documented.js';
import { eager } from '../policies/eager.js';
import { fixed } from '../policies/fixed.js';
import type { PollPolicy } from '../policies/PollPolicy.js';
import { runFakeTask, runUntilDone, type FakeReply } from './helpers/fakeService.js';

type ReplyKind = 'idle' | 'processing' | 'unknown' | 'ready' | 'failed' | 'lost' | 'unavailable' | 'rateLimit' | 'gone';

const replyKind = fc.constantFrom<ReplyKind>(
  'idle',
  'processing',
  'processing',
  'processing',
  'unknown',
  'ready',
  'failed',
  'lost',
  'unavailable',
  'rateLimit',
  'gone',
);

function reply(kind: ReplyKind, retryAfterMs: number): FakeReply {
  switch (kind) {
    case 'ready':
      return { status: 'ready', solution: { token: 'solved' } };
    case 'unknown':
      return { status: 'queued-somewhere-new' };
    case 'lost':
      return { error: new TransportError('socket hang up') };
    case 'unavailable':
      return {
        error: new ServiceUnavailableError('ERROR_SERVICE_UNAVALIABLE', {
          code: 'ERROR_SERVICE_UNAVALIABLE',
          retryable: true,
        }),
      };
    case 'rateLimit':
      return {
        error: new RateLimitError('ERROR_RATE_LIMIT', { code: 'ERROR_RATE_LIMIT', retryable: true, retryAfterMs }),
      };
    case 'gone':
      return { error: new TaskNotFoundError('ERROR_TASKID_INVALID', { code: 'ERROR_TASKID_INVALID' }) };
    default:
      return { status: kind };
  }
}

const limitsArb: fc.Arbitrary<Limits> = fc
  .record({
    maxQueriesPerTask: fc.oneof(fc.constant(DEFAULT_LIMITS.maxQueriesPerTask), fc.integer({ min: 1, max: 30 })),
    taskLifetimeMs: fc.oneof(fc.constant(DEFAULT_LIMITS.taskLifetimeMs), fc.integer({ min: 2_000, max: 120_000 })),
    pollIntervalMs: fc.oneof(fc.constant(DEFAULT_LIMITS.pollIntervalMs), fc.integer({ min: 0, max: 10_000 })),
    minPollGapMs: fc.integer({ min: 0, max: 1_000 }),
  })
  .map((overrides) => resolveLimits(overrides));

/** Built-in policies and user functions, including broken ones (NaN, negative, huge, throwing). */
const policyArb: fc.Arbitrary<PollPolicy> = fc.oneof(
  fc.constant(documented),
  fc.integer({ min: 0, max: 20_000 }).map((ms) => fixed(ms)),
  fc.constant(eager()),
  fc
    .array(
      fc.oneof(fc.integer({ min: -1_000, max: 400_000 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1)),
      {
        minLength: 1,
        maxLength: 20,
      },
    )
    .map((delays): PollPolicy => (ctx) => {
      const delay = delays[ctx.queries % delays.length]!;
      if (delay === -1 && ctx.queries === 3) throw new Error('policy bug');
      return delay;
    }),
);

const scenarioArb = fc.record({
  limits: limitsArb,
  policy: policyArb,
  create: fc.constantFrom('async', 'async', 'async', 'sync', 'refused'),
  replies: fc.array(replyKind, { maxLength: 150 }),
  retryAfterMs: fc.integer({ min: 0, max: 90_000 }),
  latencies: fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 30 }),
  retries: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: undefined }),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('taskMachine properties', () => {
  it('never breaks the service rules, whatever the service and the policy do', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        vi.useFakeTimers({ now: 1_700_000_000_000 });
        const { actor, log } = runFakeTask(
          {
            create: () =>
              scenario.create === 'sync'
                ? { taskId: 's', status: 'ready', solution: { text: 'x' } }
                : scenario.create === 'refused'
                  ? { error: new UnsolvableError('ERROR_CAPTCHA_UNSOLVABLE', { code: 'ERROR_CAPTCHA_UNSOLVABLE' }) }
                  : { taskId: 'a', status: 'idle', solution: undefined },
            poll: (n) => reply(scenario.replies[n] ?? 'processing', scenario.retryAfterMs),
            pollLatencyMs: (n) => scenario.latencies[n % scenario.latencies.length]!,
            retries: (q) => scenario.retries[q % scenario.retries.length]!,
          },
          {
            task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'k' },
            limits: scenario.limits,
          },
          scenario.policy,
        );
        // The lifecycle state agrees with the last status the service reported (and never goes back).
        const walk: string[] = [];
        const subscription = actor.subscribe((snapshot) => {
          const state = stateOf(snapshot);
          if (walk.at(-1) !== state) walk.push(state);
          const { lastStatus } = snapshot.context;
          if (state === 'idle') expect(lastStatus).not.toBe('processing');
        });
        walk.push(stateOf(actor.getSnapshot()));
        const cancelTimer =
          scenario.cancelAt === undefined
            ? undefined
            : setTimeout(() => actor.send({ type: 'cancel' }), scenario.cancelAt);
        await runUntilDone(actor, 20_000);
        // The cancel timer is the test's own; it may still be pending after a natural end.
        clearTimeout(cancelTimer);

        const snapshot = actor.getSnapshot();
        const { context } = snapshot;
        expect(snapshot.status).toBe('done');
        expect(log.createCalls).toHaveLength(1);
        expect(log.requests.length).toBeLessThanOrEqual(scenario.limits.maxQueriesPerTask);
        expect(context.queries).toBe(log.requests.length);
        const deadline = lastQueryAt(context.createdAt!, scenario.limits);
        for (const sentAt of log.requests) expect(sentAt).toBeLessThanOrEqual(deadline);
        if (snapshot.value === 'ready') {
          expect(context.solution).toBeDefined();
        } else {
          expect(snapshot.value).toBe('error');
          expect(context.error).toBeInstanceOf(CapSolverError);
          if (context.taskId !== undefined) expect(context.error?.taskId).toBe(context.taskId);
        }
        expect(vi.getTimerCount()).toBe(0);
        subscription.unsubscribe();
        // creating first, once; then only lifecycle states, ending in a final one.
        expect(walk[0]).toBe('creating');
        expect(walk.slice(1)).not.toContain('creating');
        if (walk.includes('processing')) expect(walk.slice(walk.indexOf('processing'))).not.toContain('idle');
        for (const state of walk) expect(['creating', 'idle', 'processing', 'ready', 'error']).toContain(state);
        expect(['ready', 'error']).toContain(walk.at(-1));
        vi.useRealTimers();
      }),
      { numRuns: 150 },
    );
  });
});
