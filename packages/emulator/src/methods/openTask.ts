import { LIMITS, TASK_TYPES } from '@capkit/api';
import { roundMoney } from '../createStats.js';
import type { TaskRecord } from '../createTaskStore.js';
import type { EngineContext } from '../engineContext.js';
import { fakeSolution } from '../fakeSolution.js';
import { drawOutcome, failureCode, type ForcedOutcome } from '../outcomes.js';
import { errorReply, type EngineReply } from '../reply.js';
import { drawSolveTime } from '../solveTime.js';

/** Either the created task, or the answer that refused it. */
export type OpenTaskResult = { task: TaskRecord } | { reply: EngineReply };

function nextTaskId(context: EngineContext): string {
  if (context.options.taskIdFormat === 'numeric') return String(context.numericIds++);
  return context.random.taskId.uuid();
}

function isSync(type: string): boolean {
  return Object.hasOwn(TASK_TYPES, type) && TASK_TYPES[type as keyof typeof TASK_TYPES].mode === 'sync';
}

/**
 * Creates (and charges) a task, applying the forces in order of precedence: a pending
 * `control.forceNext`, then the websiteURL hint. Random draws are taken for every task, forced or not,
 * so forcing one task never changes the solve times or outcomes of the ones after it.
 */
export function openTask(
  context: EngineContext,
  task: Record<string, unknown>,
  via: TaskRecord['via'],
  hint: ForcedOutcome | undefined,
): OpenTaskResult {
  const { options, clock } = context;
  if (context.balance < options.pricePerTask) return { reply: errorReply('ERROR_ZERO_BALANCE') };
  const type = String(task.type);
  const sync = via === 'createTask' && isSync(type);
  const drawnSolveMs = drawSolveTime(options.solveTime, type, context.random.solveTime);
  const drawnOutcome = drawOutcome(options.outcomes, context.random.outcome);
  const force = context.forcedNext.shift() ?? hint ?? {};
  const outcome = force.outcome ?? drawnOutcome;
  const code = failureCode(outcome);
  if (code && (sync || force.stage === 'createTask')) return { reply: errorReply(code) };

  const solveServiceMs =
    force.solveTimeMs ?? (sync ? 0 : outcome === 'timeout' ? LIMITS.serverSolveTimeoutMs : drawnSolveMs);
  const now = clock.now();
  const record: TaskRecord = {
    id: nextTaskId(context),
    type,
    via,
    sync,
    createdAt: now,
    solveServiceMs,
    solveRealMs: clock.scale(solveServiceMs),
    outcome,
    ...(force.statuses && !sync ? { statuses: [...force.statuses] } : {}),
    solution: fakeSolution(type, context.random.solution, now, task),
    price: options.pricePerTask,
    refunded: false,
    queries: 0,
  };
  context.store.add(record);
  context.balance = roundMoney(context.balance - record.price);
  context.stats.counters.charged += record.price;
  return { task: record };
}
