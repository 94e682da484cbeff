import { LIMITS } from '@capkit/api';
import { createCallbackSender, type CallbackOptions, type CallbackSender } from './callbacks.js';
import { createClock, type Clock } from './createClock.js';
import { createSpecValidator, type SpecValidator } from './createSpecValidator.js';
import { createStats, type StatsCollector } from './createStats.js';
import { createTaskStore, type TaskStore } from './createTaskStore.js';
import { refund } from './refund.js';
import { createFaultPlanner, type FaultPlanner } from './faults.js';
import {
  DEFAULT_API_KEY,
  DEFAULT_BALANCE,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PRICE_PER_TASK,
  type EngineOptions,
} from './options.js';
import type { ForcedOutcome } from './outcomes.js';
import { createRandom, randomSeed, type Random } from './random.js';
import { uniform, type SolveTimeDistribution } from './solveTime.js';

/** Options with every default filled in. */
export interface ResolvedOptions {
  seed: number;
  timeScale: number;
  apiKeys: readonly string[] | '*';
  balance: number;
  pricePerTask: number;
  solveTime: SolveTimeDistribution;
  outcomes: EngineOptions['outcomes'];
  faults: NonNullable<EngineOptions['faults']>;
  taskIdFormat: 'uuid' | 'numeric';
  idleFraction: number;
  /** The `accept…` switches (each on when `lenient` is). */
  accept: AcceptSwitches;
  maxBodyBytes: number;
  cors: boolean;
  controlEndpoints: boolean;
  callbacks: CallbackOptions;
}

/** Tolerance for requests the service's strict reading refuses; see the `accept…` options. */
export interface AcceptSwitches {
  unknownTaskTypes: boolean;
  keyAliases: boolean;
  numericTaskIds: boolean;
  invalidEnvelope: boolean;
  missingKey: boolean;
}

function resolveAccept(options: EngineOptions): AcceptSwitches {
  const all = options.lenient ?? false;
  return {
    unknownTaskTypes: options.acceptUnknownTaskTypes ?? all,
    keyAliases: options.acceptKeyAliases ?? all,
    numericTaskIds: options.acceptNumericTaskIds ?? all,
    invalidEnvelope: options.acceptInvalidEnvelope ?? all,
    missingKey: options.acceptMissingKey ?? all,
  };
}

function resolveIdleFraction(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`@capkit/emulator: idleFraction must be between 0 and 1, got ${value}`);
  }
  return value;
}

/** The engine's mutable state; `reset()` puts it back to how it started. */
export interface EngineContext {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly store: TaskStore;
  readonly stats: StatsCollector;
  readonly validator: SpecValidator;
  /** The task lifetime after `timeScale`. */
  readonly lifetimeRealMs: number;
  random: { solveTime: Random; outcome: Random; taskId: Random; solution: Random; callback: Random };
  /** POSTs to the `callbackUrl` of tasks that gave one. */
  readonly callbacks: CallbackSender;
  faults: FaultPlanner;
  balance: number;
  numericIds: number;
  /** Forces waiting for the next created tasks, first in first out. */
  forcedNext: ForcedOutcome[];
  /** Unexpected exceptions caught at the top (a bug in the emulator, surfaced in stats). */
  internalErrors: string[];
  reset(): void;
}

/** Fills in the defaults. */
export function resolveOptions(options: EngineOptions = {}): ResolvedOptions {
  return {
    seed: options.seed ?? randomSeed(),
    timeScale: options.timeScale ?? 1,
    apiKeys: options.apiKeys ?? [DEFAULT_API_KEY],
    balance: options.balance ?? DEFAULT_BALANCE,
    pricePerTask: options.pricePerTask ?? DEFAULT_PRICE_PER_TASK,
    solveTime: options.solveTime ?? uniform(),
    outcomes: options.outcomes,
    faults: options.faults ?? {},
    taskIdFormat: options.taskIdFormat ?? 'uuid',
    idleFraction: resolveIdleFraction(options.idleFraction),
    accept: resolveAccept(options),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    cors: options.cors ?? true,
    controlEndpoints: options.controlEndpoints ?? true,
    callbacks: options.callbacks ?? {},
  };
}

function seededParts(options: ResolvedOptions): Pick<EngineContext, 'random' | 'faults' | 'numericIds'> {
  const taskId = createRandom(options.seed, 'taskId');
  return {
    random: {
      solveTime: createRandom(options.seed, 'solveTime'),
      outcome: createRandom(options.seed, 'outcome'),
      taskId,
      solution: createRandom(options.seed, 'solution'),
      callback: createRandom(options.seed, 'callback'),
    },
    faults: createFaultPlanner(options.faults, createRandom(options.seed, 'fault')),
    // Numeric ids count up from a seeded nine-digit base, so they are unique and replayable.
    numericIds: taskId.int(100_000_000, 899_999_999),
  };
}

/** Creates the engine state for `options`. */
export function createEngineContext(engineOptions: EngineOptions = {}): EngineContext {
  const options = resolveOptions(engineOptions);
  const clock = createClock(options.timeScale);
  const context: EngineContext = {
    options,
    clock,
    store: createTaskStore(),
    stats: createStats(),
    validator: createSpecValidator(),
    lifetimeRealMs: clock.scale(LIMITS.taskLifetimeMs),
    ...seededParts(options),
    callbacks: createCallbackSender(options.callbacks, {
      clock,
      random: () => context.random.callback,
      current: (id) => context.store.get(id),
      onFailurePushed: (task) => refund(context, task),
    }),
    balance: options.balance,
    forcedNext: [],
    internalErrors: [],
    reset() {
      context.store.clear();
      context.stats.clear();
      context.callbacks.clear();
      Object.assign(context, seededParts(options));
      context.balance = options.balance;
      context.forcedNext = [];
      context.internalErrors = [];
    },
  };
  return context;
}
