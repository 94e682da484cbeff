// The checks every runtime's consumer runs against the emulator, written as a user of the packed packages would
// write them: only `@capkit/core`'s public API, plus `fetch`, `AbortController`, timers and JSON — nothing from
// Node, so the same file runs in Node, Bun, Deno, a Cloudflare Worker and a browser page.
import * as core from '@capkit/core';
import type { CapSolverClient, ClientOptions, TaskStore } from '@capkit/core';

/** What the harness tells a consumer. */
export interface ConsumerConfig {
  /** The emulator, e.g. `http://127.0.0.1:41234` (it runs in Node, outside the runtime under test). */
  emulatorUrl: string;
  /** A key the emulator accepts. */
  apiKey: string;
  /** The emulator's time scale: the client's limits are scaled to match. */
  timeScale: number;
  /** Server runtimes: an empty directory for `fileStore`. */
  storeDir?: string;
}

/** One copy of the error classes to check `instanceof` against (another package, or the CJS build). */
export interface ErrorClasses {
  /** Where the classes come from, e.g. `@capkit/core (require)`. */
  from: string;
  CapSolverError: typeof core.CapSolverError;
  AbortedError: typeof core.AbortedError;
  AuthenticationError: typeof core.AuthenticationError;
}

/** How a runtime's consumer builds its clients and which other copies of the error classes it has. */
export interface ConsumerKit {
  /** The client a user of this runtime would create: `@capkit/node`'s, `@capkit/browser`'s or core's. */
  createClient(options: ClientOptions): CapSolverClient;
  /** Error classes from other packages or module formats that must accept core's errors. */
  otherErrorClasses: ErrorClasses[];
  /**
   * Opens the runtime's persistent task store, as a restarted process would open it again: `@capkit/node`'s
   * `fileStore` on a directory, `@capkit/browser`'s `webStorageStore` on `localStorage`, or core's memory store
   * where a runtime keeps nothing between requests (a Worker).
   */
  openStore(): TaskStore;
}

/** The outcome of one scenario, as reported to the harness. */
export interface ScenarioResult {
  name: ScenarioName;
  ok: boolean;
  ms: number;
  /** What went wrong, or a short note of what was seen. */
  detail: string;
}

/** Every scenario, in the order of the README's runtime table. */
export const SCENARIOS = [
  'async task',
  'sync task',
  'cancel',
  'serialize and resume',
  'store and restart',
  'typed errors',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const TOKEN_TASK = {
  type: 'ReCaptchaV2TaskProxyLess',
  websiteURL: 'https://www.google.com/recaptcha/api2/demo',
  websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
} as const;

/** The emulator reads outcomes and solve times (service ms) from such a `websiteURL`. */
const forced = (outcome: string, solveMs: number): string =>
  `https://emulator.capkit.test/force/${outcome}?solveMs=${solveMs}`;

/** A 1x1 PNG: a recognition task, answered inside createTask. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Throws with `message` unless `condition` holds. */
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `non-error thrown: ${String(error)}`;

/** Waits until the handle knows its service task id (createTask answered). */
function taskIdOf(handle: core.TaskHandle): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    // The first call comes before subscribe returns, so `stop` may not be assigned yet: settle once.
    const stop = handle.subscribe((progress) => {
      if (settled) return;
      if (progress.taskId) resolve(progress.taskId);
      else if (progress.done) reject(progress.error ?? new Error('the task ended without a taskId'));
      else return;
      settled = true;
    });
    if (settled) stop();
    else
      void Promise.resolve(handle.result)
        .finally(stop)
        .catch(() => undefined);
  });
}

/** Runs every scenario (each isolated: one failing does not stop the others) and reports them all. */
export async function runScenarios(kit: ConsumerKit, config: ConsumerConfig): Promise<ScenarioResult[]> {
  const limits = core.scaleLimits(config.timeScale);
  const options: ClientOptions = { apiKey: config.apiKey, baseUrl: config.emulatorUrl, limits, maxRetries: 0 };
  const client = kit.createClient(options);

  const scenarios: Record<ScenarioName, () => Promise<string>> = {
    'async task': async () => {
      const { taskId, solution, queries } = await client.solve({ ...TOKEN_TASK, websiteURL: forced('ready', 3_000) });
      check(typeof solution.gRecaptchaResponse === 'string' && solution.gRecaptchaResponse.length > 0, 'no token');
      check(queries >= 1, `an async task needs at least one getTaskResult, saw ${queries}`);
      return `task ${taskId} solved after ${queries} queries`;
    },
    'sync task': async () => {
      const { solution, queries } = await client.solve({ type: 'ImageToTextTask', body: PNG_1X1 });
      check(typeof solution.text === 'string', `no text in ${JSON.stringify(solution)}`);
      check(queries === 0, `a recognition task answers inside createTask, yet ${queries} queries were sent`);
      return `recognized "${solution.text}" with 0 queries`;
    },
    cancel: async () => {
      const controller = new AbortController();
      const handle = client.start(
        { ...TOKEN_TASK, websiteURL: forced('ready', 60_000) },
        { signal: controller.signal },
      );
      const taskId = await taskIdOf(handle);
      const abortedAt = Date.now();
      controller.abort(new Error('the user left'));
      const error = await handle.result.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      const tookMs = Date.now() - abortedAt;
      check(error instanceof core.AbortedError, `expected an AbortedError, got ${describe(error)}`);
      check(error instanceof core.CapSolverError, 'an AbortedError is a CapSolverError');
      check(error.code === 'ABORTED', `code ${error.code}`);
      check(error.taskId === taskId, `the paid task's id must be kept: ${String(error.taskId)} !== ${taskId}`);
      check(tookMs < 1_000, `cancelling took ${tookMs} ms`);
      return `AbortedError for ${taskId} after ${tookMs} ms`;
    },
    'serialize and resume': async () => {
      const first = kit.createClient(options);
      const controller = new AbortController();
      const handle = first.start({ ...TOKEN_TASK, websiteURL: forced('ready', 20_000) }, { signal: controller.signal });
      const taskId = await taskIdOf(handle);
      // What a process would write to disk or a queue before it stops.
      const saved = JSON.stringify(handle.serialize());
      controller.abort();
      await handle.result.catch(() => undefined);
      check(!saved.includes(config.apiKey), 'the serialized task holds the API key');
      // Another client (as in another process) continues the same task: no second createTask.
      const again = kit.createClient(options).resume<typeof TOKEN_TASK.type>(JSON.parse(saved));
      const { taskId: resumedId, solution } = await again;
      check(resumedId === taskId, `resumed ${resumedId}, saved ${taskId}`);
      check(typeof solution.gRecaptchaResponse === 'string', 'no token after resuming');
      return `task ${taskId} resumed from ${saved.length} bytes of JSON`;
    },
    'store and restart': async () => {
      const store = kit.openStore();
      const controller = new AbortController();
      const first = kit.createClient({ ...options, store });
      const handle = first.start({ ...TOKEN_TASK, websiteURL: forced('ready', 20_000) }, { signal: controller.signal });
      const taskId = await taskIdOf(handle);
      // The process stops: a cancelled task stays in the store (it is paid and unfinished).
      controller.abort();
      await handle.result.catch(() => undefined);
      // After the restart: a new store on the same place, a new client.
      const reopened = kit.openStore();
      const stored = await reopened.list();
      check(stored.length === 1 && stored[0]?.taskId === taskId, `stored: ${JSON.stringify(stored)}`);
      check(!JSON.stringify(stored).includes(config.apiKey), 'the store holds the API key');
      const handles = await kit.createClient({ ...options, store: reopened }).resumePending();
      check(handles.length === 1, `${handles.length} tasks resumed`);
      const results = await Promise.all(handles.map((h) => h.result));
      check(results[0]?.taskId === taskId, `resumed ${results[0]?.taskId}, stored ${taskId}`);
      const left = await kit.openStore().list();
      check(left.length === 0, `${left.length} tasks left in the store after they finished`);
      return `task ${taskId} resumed from the store after a restart`;
    },
    'typed errors': async () => {
      const seen: string[] = [];
      // A refused key: AuthenticationError, and the key never in its message.
      const wrongKey = 'CAP-WRONG-KEY-0123456789';
      const denied = await kit
        .createClient({ ...options, apiKey: wrongKey })
        .getBalance()
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      check(denied instanceof core.AuthenticationError, `wrong key: ${describe(denied)}`);
      check(denied.code === 'ERROR_KEY_DENIED_ACCESS', `wrong key code ${denied.code}`);
      check(!`${denied.message} ${denied.stack ?? ''}`.includes(wrongKey), 'the key leaked into the error');
      seen.push(denied.name);
      // A task the service gives up on.
      const unsolvable = await client
        .solve({ ...TOKEN_TASK, websiteURL: forced('ERROR_CAPTCHA_UNSOLVABLE', 2_000) })
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      check(unsolvable instanceof core.UnsolvableError, `unsolvable: ${describe(unsolvable)}`);
      check(typeof unsolvable.taskId === 'string', 'the unsolvable error names its task');
      seen.push(unsolvable.name);
      // Bad configuration is refused before any request.
      let refused: unknown;
      try {
        kit.createClient({ ...options, baseUrl: 'http://example.com' });
      } catch (error) {
        refused = error;
      }
      check(refused instanceof core.ConfigurationError, `insecure baseUrl: ${describe(refused)}`);
      seen.push(refused.name);
      // The same errors are instances of every other copy of the classes.
      for (const other of kit.otherErrorClasses) {
        check(denied instanceof other.AuthenticationError, `not an AuthenticationError of ${other.from}`);
        check(denied instanceof other.CapSolverError, `not a CapSolverError of ${other.from}`);
        check(
          !(denied instanceof other.AbortedError),
          `an AuthenticationError passed for ${other.from}'s AbortedError`,
        );
        seen.push(`instanceof ${other.from}`);
      }
      return seen.join(', ');
    },
  };

  const results: ScenarioResult[] = [];
  // In parallel, as an application would run them; each times itself.
  await Promise.all(
    SCENARIOS.map(async (name) => {
      const started = Date.now();
      try {
        const detail = await scenarios[name]();
        results.push({ name, ok: true, ms: Date.now() - started, detail });
      } catch (error) {
        results.push({ name, ok: false, ms: Date.now() - started, detail: describe(error) });
      }
    }),
  );
  return SCENARIOS.map((name) => results.find((result) => result.name === name)).filter(
    (result): result is ScenarioResult => result !== undefined,
  );
}

/** The line a consumer prints (or returns) so the harness can find its results among other output. */
export const RESULTS_MARKER = 'CAPKIT_ECOSYSTEM_RESULTS ';
