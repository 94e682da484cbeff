import type { EmulatorControl } from './createEmulatorControl.js';
import type { EmulatorStats } from './createStats.js';
import type { FaultScriptEntry } from './faults.js';
import type { ForcedOutcome } from './outcomes.js';
import { jsonReply, type EngineReply } from './reply.js';

/** The path prefix of the test-only control endpoints. */
export const CONTROL_PREFIX = '/__emulator/';

/** What the control endpoints act on. */
export interface ControlTarget {
  stats(): EmulatorStats;
  reset(): void;
  control: EmulatorControl;
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function act(target: ControlTarget, action: string, body: Record<string, unknown>): EngineReply {
  switch (action) {
    case 'reset':
      target.reset();
      return jsonReply(200, { ok: true });
    case 'force': {
      const { taskId, ...force } = body;
      if (typeof taskId === 'string') target.control.force(taskId, force as ForcedOutcome);
      else target.control.forceNext(force as ForcedOutcome);
      return jsonReply(200, { ok: true });
    }
    case 'faults':
      target.control.scriptFaults((Array.isArray(body) ? body : body.script) as FaultScriptEntry[]);
      return jsonReply(200, { ok: true });
    case 'balance':
      target.control.setBalance(body.balance as number);
      return jsonReply(200, { ok: true });
    default:
      return jsonReply(404, { ok: false, error: `no control endpoint ${action}` });
  }
}

/**
 * Test-only endpoints for a separate process (a CLI demo, a crash test): `GET /__emulator/stats`,
 * `POST /__emulator/reset`, `POST /__emulator/force` (a ForcedOutcome, plus `taskId` to target an
 * existing task), `POST /__emulator/faults` (a fault script) and `POST /__emulator/balance`.
 * They need no key and are never faulted or counted.
 */
export function controlRoute(target: ControlTarget, httpMethod: string, path: string, raw: string): EngineReply {
  const action = path.slice(CONTROL_PREFIX.length);
  if (action === 'stats') return jsonReply(200, target.stats());
  if (httpMethod !== 'POST') return jsonReply(405, { ok: false, error: `use POST for ${path}` });
  const body = parseObject(raw);
  if (!body) return jsonReply(400, { ok: false, error: 'the body must be JSON' });
  try {
    return act(target, action, body);
  } catch (error) {
    return jsonReply(400, { ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
