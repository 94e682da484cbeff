import { isCapSolverError, type CapSolverClient } from '@capkit/core';
import { createClient, createKeepAliveFetch, type KeepAliveFetch } from '@capkit/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosProfile } from '../chaosProfile.js';
import { collectUnhandled, type UnhandledCollector } from '../collectUnhandled.js';
import { formatTable, tally, tallyRows } from '../formatTable.js';
import { CALLS, runCall, type CallName } from '../hostile/callUnderTest.js';
import { hostileReply, type HostileReply } from '../hostile/hostileReply.js';
import { startHostileServer, type HostileServer } from '../hostile/startHostileServer.js';
import { suiteSeed } from '../seededRandom.js';

const profile = chaosProfile();
const TIMEOUT_MS = 300;
const LIFETIME_MS = 1_000;
const MAX_RETRIES = 2;
const RETRY_AFTER_CAP_MS = 100;
/** Scheduling slack on a shared, loaded machine. */
const SLACK_MS = 3_000;
/** The longest any call may take: every attempt timing out, with the longest waits in between. */
const CALL_BOUND_MS = (MAX_RETRIES + 1) * TIMEOUT_MS + MAX_RETRIES * RETRY_AFTER_CAP_MS + SLACK_MS;
/** A solve ends by its lifetime, plus one query in flight at the deadline. */
const SOLVE_BOUND_MS = LIFETIME_MS + TIMEOUT_MS + SLACK_MS;

/** After the scripted garbage, the service settles the task one way or the other, so a solve ends. */
const finalReply = (solved: boolean): HostileReply => ({
  status: 200,
  reason: 'OK',
  headers: [['content-type', 'application/json']],
  body: new TextEncoder().encode(
    JSON.stringify(
      solved
        ? { errorId: 0, taskId: 'hostile-task', status: 'ready', solution: { gRecaptchaResponse: 'token' } }
        : { errorId: 1, errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' },
    ),
  ),
  framing: 'exact',
});

describe(`hostile responses (${profile.name} profile: ${profile.hostile.numRuns} runs)`, () => {
  let server: HostileServer;
  let keepAlive: KeepAliveFetch;
  let client: CapSolverClient;
  let unhandled: UnhandledCollector;
  const outcomes: string[] = [];

  beforeAll(async () => {
    unhandled = collectUnhandled();
    server = await startHostileServer();
    keepAlive = createKeepAliveFetch();
    client = createClient({
      apiKey: 'CAP-HOSTILE-KEY',
      baseUrl: server.url,
      fetch: keepAlive,
      timeoutMs: TIMEOUT_MS,
      getTokenTimeoutMs: TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      backoff: { baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: RETRY_AFTER_CAP_MS },
      limits: {
        taskLifetimeMs: LIFETIME_MS,
        lifetimeSafetyMarginMs: 100,
        pollIntervalMs: 50,
        solveTimeMinMs: 10,
        minPollGapMs: 5,
      },
    });
  });

  afterAll(async () => {
    unhandled.stop();
    await server.close();
    await keepAlive.dispatcher.close();
    console.log(
      formatTable('Hostile responses: outcomes by call', ['call: outcome', 'runs'], tallyRows(tally(outcomes))),
    );
  });

  it('every call ends in a sound result or a CapSolverError, within its limits, whatever comes back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CALLS),
        fc.array(hostileReply, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (call: CallName, replies, solved) => {
          server.script(replies, finalReply(solved));
          const startedAt = Date.now();
          let outcome: string;
          try {
            const problem = await runCall(client, call);
            expect(problem).toBeUndefined();
            outcome = 'resolved';
          } catch (error) {
            if (!isCapSolverError(error))
              throw new Error(`${call} threw a non-CapSolverError: ${String(error)}`, { cause: error });
            outcome = error.name;
          }
          const elapsed = Date.now() - startedAt;
          expect(elapsed, `${call} took ${elapsed} ms`).toBeLessThanOrEqual(
            call === 'solve' ? SOLVE_BOUND_MS : CALL_BOUND_MS,
          );
          outcomes.push(`${call}: ${outcome}`);
        },
      ),
      { numRuns: profile.hostile.numRuns, seed: suiteSeed(1234), endOnFailure: true },
    );
    expect(unhandled.rejections).toEqual([]);
    expect(unhandled.exceptions).toEqual([]);
  }, 600_000);
});
