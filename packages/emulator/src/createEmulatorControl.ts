import { LIMITS } from '@capkit/api';
import type { EngineContext } from './engineContext.js';
import { FAULT_KINDS, type FaultScriptEntry } from './faults.js';
import { checkForcedOutcome, type ForcedOutcome } from './outcomes.js';

/** Deterministic steering of a running emulator, for tests. */
export interface EmulatorControl {
  /** Applies `force` to the next created task (calls queue up: one force per task, in order). */
  forceNext(force: ForcedOutcome): void;
  /** Changes an existing task's outcome, status sequence or solve time (counted from its creation). */
  force(taskId: string, force: ForcedOutcome): void;
  /** Queues scripted faults; each applies to the next `times` matching requests, before any random fault. */
  scriptFaults(script: readonly FaultScriptEntry[]): void;
  /** Drops every scripted fault not yet injected. */
  clearFaults(): void;
  /** Sets the balance (USD), e.g. to 0 to provoke ERROR_ZERO_BALANCE. */
  setBalance(balance: number): void;
}

function assertForce(force: ForcedOutcome): void {
  const problem = checkForcedOutcome(force);
  if (problem) throw new TypeError(`@capkit/emulator: ${problem}`);
}

/** Checks a fault script coming from outside; returns a message or undefined. */
export function checkFaultScript(script: unknown): string | undefined {
  if (!Array.isArray(script)) return 'the fault script must be an array';
  for (const entry of script as Array<Partial<FaultScriptEntry>>) {
    if (!entry || !(FAULT_KINDS as readonly unknown[]).includes(entry.kind)) {
      return `unknown fault kind "${String(entry?.kind)}" (use one of ${FAULT_KINDS.join(', ')})`;
    }
  }
  return undefined;
}

/** Creates the control surface over an engine's state. */
export function createEmulatorControl(context: EngineContext): EmulatorControl {
  return {
    forceNext(force) {
      assertForce(force);
      context.forcedNext.push({ ...force });
    },
    force(taskId, force) {
      assertForce(force);
      const task = context.store.get(taskId);
      if (!task) throw new RangeError(`@capkit/emulator: no task ${taskId}`);
      if (force.outcome !== undefined) task.outcome = force.outcome;
      if (force.statuses !== undefined) task.statuses = [...force.statuses];
      const solveServiceMs =
        force.solveTimeMs ?? (force.outcome === 'timeout' ? LIMITS.serverSolveTimeoutMs : undefined);
      if (solveServiceMs !== undefined) {
        task.solveServiceMs = solveServiceMs;
        task.solveRealMs = context.clock.scale(solveServiceMs);
      }
    },
    scriptFaults(script) {
      const problem = checkFaultScript(script);
      if (problem) throw new TypeError(`@capkit/emulator: ${problem}`);
      context.faults.script(script);
    },
    clearFaults: () => context.faults.clearScript(),
    setBalance(balance) {
      if (!Number.isFinite(balance)) throw new TypeError('@capkit/emulator: balance must be a number');
      context.balance = balance;
    },
  };
}
