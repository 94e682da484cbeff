import type { EngineContext } from '../engineContext.js';
import { okReply, type EngineReply } from '../reply.js';
import { NO_ERROR } from './serveOutcome.js';

/** `POST /getBalance`: the remaining balance (USD) and no packages. */
export function getBalance(context: EngineContext): EngineReply {
  return okReply({ ...NO_ERROR, balance: context.balance, packages: [] });
}
