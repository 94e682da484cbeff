import { mkdir, writeFile } from 'node:fs/promises';
import { scaleLimits, type ClientOptions } from '@capkit/core';
import type { Emulator } from '@capkit/emulator';
import { SECRET_KEY } from './createSecretScan.js';
import type { ObservedClient } from './observeClient.js';
import { ECHO_MODES, type EchoServer } from './startEchoServer.js';

/** The time scale of the emulators the failure paths run against. */
export const TIME_SCALE = 0.01;
const TASK = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://secrets.capkit.test/',
  websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
} as const;

/** A failure path: how to provoke it, and the error class it must end in (or `solution`). */
export interface FailurePath {
  name: string;
  /** The outcome it must end in (any of them, when timing decides between two). */
  expect: string | readonly string[];
  /** The server to talk to; default the emulator that accepts the key. */
  server?: 'denying' | 'echo';
  options?: Partial<ClientOptions>;
  /** Provokes the path with the observed client; `emulator` accepts the key, `echo` echoes it back. */
  run(observed: ObservedClient, context: { emulator: Emulator; echo: EchoServer }): Promise<unknown>;
}

/** Limits for paths that end by the lifetime: a 600 ms one keeps them short. */
const SHORT_LIFETIME: Partial<ClientOptions> = {
  limits: { ...scaleLimits(TIME_SCALE), taskLifetimeMs: 600, lifetimeSafetyMarginMs: 100 },
};

const solve = ({ client, watch }: ObservedClient) => watch(client.start(TASK)).result;
const neverReady = (emulator: Emulator) => emulator.control.forceNext({ solveTimeMs: 100_000_000 });

/**
 * Every way a solve or a call can end, each provoked for real (emulator faults and forces, a refusing
 * emulator, an echoing upstream, a crashed store record), for the secrets suite to scan.
 */
export const FAILURE_PATHS: FailurePath[] = [
  { name: 'success', expect: 'solution', run: solve },
  { name: 'auth error (key refused)', expect: 'AuthenticationError', server: 'denying', run: solve },
  {
    name: 'invalid task',
    expect: 'InvalidTaskError',
    run: ({ client, watch }) =>
      watch(client.start({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://secrets.capkit.test/' } as never))
        .result,
  },
  {
    name: 'unsolvable',
    expect: 'UnsolvableError',
    run: (observed, { emulator }) => {
      emulator.control.forceNext({ outcome: 'unsolvable', solveTimeMs: 0 });
      return solve(observed);
    },
  },
  {
    name: 'insufficient balance',
    expect: 'InsufficientBalanceError',
    run: async (observed, { emulator }) => {
      emulator.control.setBalance(0);
      try {
        return await solve(observed);
      } finally {
        emulator.control.setBalance(100);
      }
    },
  },
  {
    name: 'query budget exhausted',
    expect: 'QueryBudgetExhaustedError',
    // A budget of 3, spent by the transport's retries of lost answers (every retry is a query).
    options: { limits: { ...scaleLimits(TIME_SCALE), maxQueriesPerTask: 3 } },
    run: (observed, { emulator }) => {
      neverReady(emulator);
      emulator.control.scriptFaults([{ method: 'getTaskResult', kind: 'malformed', times: 3 }]);
      return solve(observed);
    },
  },
  {
    name: 'lifetime expired',
    expect: 'TaskExpiredError',
    options: SHORT_LIFETIME,
    run: (observed, { emulator }) => {
      neverReady(emulator);
      return solve(observed);
    },
  },
  {
    name: 'transport timeout (createTask: may exist)',
    expect: 'TaskMayExistError',
    options: { timeoutMs: 100 },
    run: (observed, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'createTask', kind: 'latency', delayMs: 50_000 }]);
      return solve(observed);
    },
  },
  {
    name: 'transport timeout (getBalance)',
    expect: 'TimeoutError',
    options: { timeoutMs: 100, maxRetries: 0 },
    run: ({ client }, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'getBalance', kind: 'latency', delayMs: 50_000 }]);
      return client.getBalance();
    },
  },
  {
    name: 'connection reset after createTask',
    expect: 'TaskMayExistError',
    run: (observed, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'createTask', kind: 'resetAfter' }]);
      return solve(observed);
    },
  },
  {
    name: 'connection reset (getBalance)',
    expect: 'TransportError',
    options: { maxRetries: 0 },
    run: ({ client }, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'getBalance', kind: 'resetBefore' }]);
      return client.getBalance();
    },
  },
  {
    name: 'malformed createTask answer',
    expect: 'TaskMayExistError',
    run: (observed, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'createTask', kind: 'malformed' }]);
      return solve(observed);
    },
  },
  {
    name: 'malformed and truncated query answers until the task ends',
    // Transport retries count as queries: the budget may run out before the lifetime does.
    expect: ['TaskExpiredError', 'QueryBudgetExhaustedError'],
    options: SHORT_LIFETIME,
    run: (observed, { emulator }) => {
      neverReady(emulator);
      emulator.control.scriptFaults([
        { method: 'getTaskResult', kind: 'malformed', times: 5 },
        { method: 'getTaskResult', kind: 'truncated', times: 500 },
      ]);
      return solve(observed).finally(() => emulator.control.clearFaults());
    },
  },
  {
    name: 'HTML error page (getBalance)',
    expect: 'TransportError',
    options: { maxRetries: 0 },
    run: ({ client }, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'getBalance', kind: 'html' }]);
      return client.getBalance();
    },
  },
  {
    name: 'rate limited (getBalance)',
    expect: 'RateLimitError',
    options: { maxRetries: 0 },
    run: ({ client }, { emulator }) => {
      emulator.control.scriptFaults([{ method: 'getBalance', kind: 'http429' }]);
      return client.getBalance();
    },
  },
  {
    name: 'aborted while polling',
    expect: 'AbortedError',
    run: async ({ client, watch }, { emulator }) => {
      neverReady(emulator);
      const controller = new AbortController();
      const handle = watch(client.start(TASK, { signal: controller.signal }));
      handle.subscribe((progress) => {
        if (progress.queries >= 2) controller.abort(new Error('the caller gave up'));
      });
      return handle.result;
    },
  },
  {
    name: 'resumed after a crash during createTask',
    expect: 'TaskMayExistError',
    run: async ({ client, store, watch }) => {
      await mkdir(store.dir, { recursive: true });
      const record = { version: 1, key: 'crashed-during-create', task: TASK, queries: 0, state: 'creating' };
      await writeFile(store.fileFor(record.key), JSON.stringify(record));
      const [handle] = await client.resumePending();
      if (!handle) throw new Error('resumePending() found nothing');
      return watch(handle).result;
    },
  },
  {
    name: 'the key pasted as a task id',
    expect: 'TaskNotFoundError',
    run: ({ client }) => client.getTaskResult(SECRET_KEY),
  },
  ...ECHO_MODES.flatMap((mode): FailurePath[] => [
    {
      name: `upstream echoes the request (${mode}): solve`,
      expect: {
        json400: 'InvalidTaskError',
        json200: 'TaskExpiredError',
        // A gateway's 502 page on createTask is no proof that nothing was created (issue 16).
        html502: 'TaskMayExistError',
        text200: 'TaskMayExistError',
        header429: 'RateLimitError',
      }[mode],
      server: 'echo',
      options: { ...SHORT_LIFETIME, maxRetries: 0 },
      run: (observed, { echo }) => {
        echo.mode = mode;
        return solve(observed);
      },
    },
    {
      name: `upstream echoes the request (${mode}): getBalance`,
      expect: {
        json400: 'InvalidTaskError',
        json200: 'resolved',
        html502: 'TransportError',
        text200: 'TransportError',
        header429: 'RateLimitError',
      }[mode],
      server: 'echo',
      options: { maxRetries: 0 },
      run: ({ client }, { echo }) => {
        echo.mode = mode;
        return client.getBalance();
      },
    },
  ]),
];
