import type { CallbackOptions } from './callbacks.js';
import type { FaultOptions } from './faults.js';
import type { OutcomeProbabilities } from './outcomes.js';
import type { SolveTimeDistribution } from './solveTime.js';

/** Options of the emulator engine (shared by `startEmulator` and the msw handlers). */
export interface EngineOptions {
  /**
   * Seed of every random choice; the same seed replays the same solve times, outcomes, faults and ids.
   * Default: random (see `stats().seed`).
   */
  seed?: number;
  /** Multiplies every service duration (solve times, the 5-minute lifetime, latency). 0.01 = 100x faster. Default 1. */
  timeScale?: number;
  /**
   * Accepted `clientKey`s. Default `['CAP-EMULATOR-KEY']`. `'*'` accepts any non-empty key (and, with
   * `acceptMissingKey`, a missing one). Any other key gets ERROR_KEY_DENIED_ACCESS with HTTP 401.
   */
  apiKeys?: readonly string[] | '*';
  /** Starting balance in USD. Default 100. */
  balance?: number;
  /** Charged per created task (refunded when it fails). Default 0.001. */
  pricePerTask?: number;
  /** Solve time of asynchronous tasks, in service ms. Default `uniform()` (1–30 s). */
  solveTime?: SolveTimeDistribution;
  /** Probabilities of failed outcomes. Default: every task is solved. */
  outcomes?: OutcomeProbabilities;
  /** Random and scripted fault injection. Default: none. */
  faults?: FaultOptions;
  /** `uuid` (default, like the service) or `numeric` (digit strings, for clients that expect numbers). */
  taskIdFormat?: 'uuid' | 'numeric';
  /**
   * Share (0..1) of each token task's solve time during which `getTaskResult` answers `idle` (queued)
   * before `processing`; with any value above 0, `createTask` answers `status: "idle"` too. Default 0:
   * the service reports `processing` while it solves, and the official Python SDK stops polling at
   * any other status, so `idle` is a robustness switch (or force it per task with `statuses`).
   */
  idleFraction?: number;
  /** Serve unknown task types as generic asynchronous token tasks (for other vendors' clients). Default false. */
  acceptUnknownTaskTypes?: boolean;
  /** Also read the key from `client_key`, `apiKey`, `api_key` or `key` (other vendors' spellings). Default false. */
  acceptKeyAliases?: boolean;
  /** Accept a `taskId` sent as a JSON number (clients that parse ids as numbers). Default false. */
  acceptNumericTaskIds?: boolean;
  /**
   * Check only what a method needs (`task`, `taskId`) and ignore mistyped envelope fields
   * (`appId: 123`). Task objects are still validated. Default false.
   */
  acceptInvalidEnvelope?: boolean;
  /** With `apiKeys: '*'`, accept a request that carries no key at all (a published client polls without one). Default false. */
  acceptMissingKey?: boolean;
  /**
   * Every `accept…` switch at once.
   * @deprecated Use the `accept…` switches you need: `lenient` also turns unknown task types into
   * successes, which hides typos in type names.
   */
  lenient?: boolean;
  /** Largest accepted request body in bytes; larger ones get ERROR_BAD_REQUEST. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Answer CORS preflights and add `Access-Control-Allow-Origin: *` (for browser tests). Default true. */
  cors?: boolean;
  /** Serve the test-only `/__emulator/*` control endpoints. Default true. */
  controlEndpoints?: boolean;
  /**
   * Callbacks: a createTask (or getToken) with a `callbackUrl` gets a POST there once the task is
   * finished, with the getTaskResult body (the assumed format: the service does not document it).
   * Loopback hosts only unless `allowHosts` says otherwise; faults (lost, delayed, duplicated,
   * reordered, other payload shapes) are set here.
   */
  callbacks?: CallbackOptions;
}

/** Options of {@link startEmulator}: the engine options plus where to listen. */
export interface EmulatorOptions extends EngineOptions {
  /** Port to listen on. Default 0 (a free port; read it from `url`). */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
}

/** The default accepted API key. */
export const DEFAULT_API_KEY = 'CAP-EMULATOR-KEY';
/** Default starting balance (USD). */
export const DEFAULT_BALANCE = 100;
/** Default price per task (USD). */
export const DEFAULT_PRICE_PER_TASK = 0.001;
/** Default request body limit. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
