import type { EngineOptions } from '@capkit/emulator';

/** The two kinds of task the benchmark sends (the mixture distribution gives them different solve times). */
export type TaskKind = 'recaptcha' | 'turnstile';

/** What one solve gave the caller. */
export interface SolveOutcome {
  /** The task id, when the client tells it; otherwise the task is found by its solution. */
  taskId?: string | undefined;
  /** What the client handed to the caller (a token string or a solution object). */
  solution: unknown;
}

/** A client set up against one emulator instance. */
export interface Runner {
  /** Solves one task of `kind`; resolves when the client hands over the solution. */
  solve(kind: TaskKind): Promise<SolveOutcome>;
  /** Releases what the runner holds (agents, models). */
  close?(): Promise<void> | void;
}

/** Where and how fast a runner talks to its emulator instance. */
export interface RunnerSetup {
  url: string;
  /** The emulator's time scale; clients whose timing can be scaled scale it to match. */
  timeScale: number;
}

/** One client in the comparison. */
export interface Contender {
  /** Stable identifier (file names, JSON keys). */
  id: string;
  /** Display name. */
  name: string;
  /** Who wrote it: capkit, a peer from npm, or a baseline. */
  family: 'capkit' | 'peer' | 'baseline';
  /** Emulator options this client needs (the `accept…` switches for other vendors' wire formats, numeric ids). */
  emulator: Pick<
    EngineOptions,
    | 'acceptUnknownTaskTypes'
    | 'acceptKeyAliases'
    | 'acceptNumericTaskIds'
    | 'acceptInvalidEnvelope'
    | 'acceptMissingKey'
    | 'taskIdFormat'
    | 'apiKeys'
    | 'callbacks'
  >;
  /** The task type each kind arrives as at the emulator (after it reads the type name case-insensitively). */
  taskTypes: Record<TaskKind, string>;
  /** Builds a runner. */
  create(setup: RunnerSetup): Runner | Promise<Runner>;
}
