import { cellAt } from './cellAt.js';
import type { TaskProgress } from '../TaskProgress.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import type { Limits } from '../limits.js';
import { mulberry32 } from '../mulberry32.js';
import { createStartOrderGate, type GateSlot, type StartOrderGate } from './createStartOrderGate.js';
import { documentedWindow, limitsKey } from './hazard.js';
import type { SolveTimeDistribution } from './solveTimeDistribution.js';

/**
 * One observed solve: the task was still unsolved `pendingAtMs` after its creation (when the last
 * query that said so was sent) and seen solved by the query sent `readyAtMs` after it. The true solve
 * time lies in between; polling only ever tells an interval. Both are send times, the times a plan
 * places (a query sent at T reaches the service T after it created the task, when the requests
 * take equally long).
 */
export interface SolveTimeObservation {
  /** Still unsolved at this time (ms since creation). Default 0. */
  pendingAtMs?: number | undefined;
  /** Seen solved by a query sent at this time (ms since creation). */
  readyAtMs: number;
}

/** The JSON form of a {@link SolveTimeModel} (`model.toJSON()`), to keep what it learned across restarts. */
export interface SolveTimeModelJSON {
  version: 1;
  /** Observations kept per task type. */
  maxSamples: number;
  /** `[pendingAtMs, readyAtMs]` pairs per task type (`*` for tasks of unknown type). */
  types: Record<string, Array<[number, number]>>;
}

/** Options of {@link createSolveTimeModel}. */
export interface SolveTimeModelOptions {
  /**
   * Observations kept per task type. Once full, each new one replaces a kept one chosen at random:
   * the model then holds an exponentially weighted sample (an observation's weight halves every
   * ~0.7 x maxSamples new ones), so it follows drift without favouring the tasks that finish first
   * in a batch, as dropping the oldest would. Default 256.
   */
  maxSamples?: number | undefined;
  /** Task types kept; the least recently observed one is forgotten first. Default 64. */
  maxTypes?: number | undefined;
  /** How many observations the documented 1–30 s window counts as (keeps a floor of caution). Default 8. */
  priorWeight?: number | undefined;
  /** What a previous model learned (its `toJSON()`). */
  from?: SolveTimeModelJSON | undefined;
}

/**
 * An online, bounded-memory estimate of the solve-time distribution per task type, from the
 * client's own observed ready times. Share one between all tasks of a client (see {@link learned}).
 */
export interface SolveTimeModel {
  /** Records one solve of a task of `taskType`. Invalid observations (negative, reversed, over 1 h) are ignored. */
  observe(taskType: string | undefined, observation: SolveTimeObservation): void;
  /**
   * A progress listener for one task (`onProgress` or `handle.subscribe`) that records its solve
   * interval when it is ready: from the sending of the last query that found it unsolved to the
   * sending of the one that found it solved. Observations made this way are recorded in the order
   * the tasks started, once every task started before has ended, so a batch's fast tasks (which
   * finish first) are not over-weighted.
   */
  observer(taskType: string | undefined): (progress: TaskProgress) => void;
  /**
   * The current estimate for `taskType`: the observations (each spread over its interval) blended
   * with the documented window of `limits`. The same object is returned until enough new
   * observations arrive (a tenth of those kept), so plans built on it are cached meanwhile.
   */
  distribution(taskType: string | undefined, limits: Limits): SolveTimeDistribution;
  /** Observations kept for `taskType`, or for all types. */
  size(taskType?: string): number;
  /**
   * The client's traffic mix: each observed task type (`undefined` for tasks of unknown type) with
   * how many of its tasks were observed, most observed first.
   */
  traffic(): Array<{ taskType: string | undefined; observed: number }>;
  /** What the model learned, as JSON; `createSolveTimeModel({ from })` or `createSolveTimeModel(json)` restores it. */
  toJSON(): SolveTimeModelJSON;
}

/** Longest solve time accepted: far past the 5-minute lifetime, so only garbage is refused. */
const MAX_OBSERVED_MS = 3_600_000;
const ANY_TYPE = '*';

interface TypeState {
  samples: Array<[number, number]>;
  /** Holds the observations of running tasks' followers until the tasks started before them end. */
  gate: StartOrderGate;
  /** Observations ever recorded (not capped), to know when the estimate is stale. */
  seen: number;
  cached: Map<string, { distribution: SolveTimeDistribution; seen: number; size: number }>;
}

function validSample(pending: unknown, ready: unknown): [number, number] | undefined {
  if (typeof ready !== 'number' || !Number.isFinite(ready) || ready < 0 || ready > MAX_OBSERVED_MS) return undefined;
  const low = pending === undefined ? 0 : pending;
  if (typeof low !== 'number' || !Number.isFinite(low) || low < 0 || low > ready) return undefined;
  return [low, ready];
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigurationError(`createSolveTimeModel({ ${name} }) must be an integer >= 1, got ${String(value)}.`);
  return value;
}

/** The observations spread evenly over their intervals, blended with `prior` weighted as `priorWeight` observations. */
function blend(
  samples: ReadonlyArray<readonly [number, number]>,
  prior: SolveTimeDistribution,
  priorWeight: number,
): SolveTimeDistribution {
  const lows = Float64Array.from(samples, (sample) => sample[0]);
  const highs = Float64Array.from(samples, (sample) => sample[1]);
  const total = priorWeight + samples.length;
  return {
    maxMs: Math.max(prior.maxMs ?? 0, ...highs),
    cdf(ms) {
      let solved = 0;
      for (let index = 0; index < lows.length; index += 1) {
        const low = cellAt(lows, index);
        const high = cellAt(highs, index);
        if (ms >= high) solved += 1;
        else if (ms > low) solved += (ms - low) / (high - low);
      }
      return (priorWeight * prior.cdf(ms) + solved) / total;
    },
  };
}

/**
 * The choice of which kept observation a new one replaces: a fixed-seed stream, so the same
 * observations always give the same model (reproducible tests and benchmarks).
 */
const replacementStream = (): (() => number) => mulberry32(0x9e3779b9);

function isJson(input: SolveTimeModelOptions | SolveTimeModelJSON): input is SolveTimeModelJSON {
  return (input as SolveTimeModelJSON).version === 1 && typeof (input as SolveTimeModelJSON).types === 'object';
}

/**
 * Creates a {@link SolveTimeModel}. Memory is bounded: at most `maxSamples` interval pairs for each
 * of at most `maxTypes` task types (16 kB at the defaults per type). With no observations the
 * estimate is the documented 1–30 s window; each observation shifts it towards what this client
 * actually sees. Pass a previous `toJSON()` (directly or as `from`) to start from what was learned.
 *
 * @example
 * ```ts
 * const saved = await readFile('solve-times.json', 'utf8').catch(() => undefined);
 * const model = createSolveTimeModel(saved ? JSON.parse(saved) : {});
 * const policy = learned({ model });
 * // ... later, before exit:
 * await writeFile('solve-times.json', JSON.stringify(model));
 * ```
 */
export function createSolveTimeModel(input: SolveTimeModelOptions | SolveTimeModelJSON = {}): SolveTimeModel {
  const options: SolveTimeModelOptions = isJson(input) ? { from: input } : input;
  // A saved size is only a default: damaged JSON must not stop a process from starting.
  const saved = options.from?.maxSamples;
  const maxSamples = positiveInteger(
    'maxSamples',
    options.maxSamples,
    saved !== undefined && Number.isInteger(saved) && saved >= 1 ? saved : 256,
  );
  const maxTypes = positiveInteger('maxTypes', options.maxTypes, 64);
  const priorWeight = options.priorWeight ?? 8;
  if (!Number.isFinite(priorWeight) || priorWeight <= 0) {
    throw new ConfigurationError(
      `createSolveTimeModel({ priorWeight }) must be a number > 0, got ${String(priorWeight)}.`,
    );
  }
  const types = new Map<string, TypeState>();
  const random = replacementStream();

  /** The type's state, created (evicting the stalest type when full) if it has none yet. */
  const stateOf = (key: string): TypeState => {
    const state = types.get(key);
    if (state) return state;
    const stalest = types.keys().next();
    if (types.size >= maxTypes && !stalest.done) types.delete(stalest.value);
    const fresh: TypeState = {
      samples: [],
      seen: 0,
      cached: new Map(),
      gate: createStartOrderGate((sample) => record(key, sample), 16 * maxSamples),
    };
    types.set(key, fresh);
    return fresh;
  };

  function record(key: string, sample: [number, number]): void {
    const state = stateOf(key);
    // Most recently observed last, so the eviction above drops the stalest type.
    types.delete(key);
    types.set(key, state);
    if (state.samples.length < maxSamples) state.samples.push(sample);
    else state.samples[Math.floor(random() * maxSamples)] = sample;
    state.seen += 1;
  }

  for (const [key, samples] of Object.entries(options.from?.types ?? {})) {
    if (!Array.isArray(samples)) continue;
    for (const pair of samples.slice(-maxSamples)) {
      const sample = Array.isArray(pair) ? validSample(pair[0], pair[1]) : undefined;
      if (sample) record(key, sample);
    }
  }

  const model: SolveTimeModel = {
    observe(taskType, observation) {
      const sample = validSample(observation?.pendingAtMs, observation?.readyAtMs);
      if (sample) record(taskType ?? ANY_TYPE, sample);
    },
    observer(taskType) {
      let gate: StartOrderGate | undefined;
      let slot: GateSlot | undefined;
      let pendingAtMs = 0;
      let queryStartedAt: number | undefined;
      return (progress) => {
        if (slot && slot.state !== 'running') return;
        gate ??= stateOf(taskType ?? ANY_TYPE).gate;
        slot ??= gate.start();
        if (progress.step === 'querying') queryStartedAt = progress.elapsedMs;
        else if (progress.step === 'waiting' && queryStartedAt !== undefined) {
          // The query sent at queryStartedAt answered "not ready": a lower bound of the solve time.
          pendingAtMs = queryStartedAt;
          queryStartedAt = undefined;
        } else if (progress.done) {
          // The query sent at queryStartedAt answered "ready": an upper bound of the solve time. Its
          // send time, not its answer's arrival: plans place sends, and a slow answer (a loaded client
          // or network) would otherwise teach the model that tasks are slower than they are.
          const readyAtMs = queryStartedAt ?? progress.elapsedMs;
          const sample =
            progress.state === 'ready' && progress.queries > 0 ? validSample(pendingAtMs, readyAtMs) : undefined;
          gate.finish(slot, sample);
        }
      };
    },
    distribution(taskType, limits) {
      const prior = documentedWindow(limits);
      const state = types.get(taskType ?? ANY_TYPE);
      if (!state || state.samples.length === 0) return prior;
      const key = limitsKey(limits);
      const cached = state.cached.get(key);
      if (cached && state.seen - cached.seen < Math.max(1, Math.ceil(cached.size / 10))) return cached.distribution;
      const distribution = blend(state.samples, prior, priorWeight);
      state.cached.set(key, { distribution, seen: state.seen, size: state.samples.length });
      return distribution;
    },
    size(taskType) {
      if (taskType !== undefined) return types.get(taskType)?.samples.length ?? 0;
      let total = 0;
      for (const state of types.values()) total += state.samples.length;
      return total;
    },
    traffic() {
      return [...types]
        .filter(([, state]) => state.seen > 0)
        .map(([key, state]) => ({ taskType: key === ANY_TYPE ? undefined : key, observed: state.seen }))
        .sort((a, b) => b.observed - a.observed);
    },
    toJSON() {
      const out: SolveTimeModelJSON = { version: 1, maxSamples, types: {} };
      for (const [key, state] of types) out.types[key] = state.samples.map(([low, high]) => [low, high]);
      return out;
    },
  };
  return model;
}
