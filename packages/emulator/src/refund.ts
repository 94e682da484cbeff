import { roundMoney } from './createStats.js';
import type { TaskRecord } from './createTaskStore.js';

/** What a refund changes: the account balance and the refunded counter (the engine context has both). */
export interface RefundLedger {
  balance: number;
  readonly stats: { readonly counters: { refunded: number } };
}

/** Gives a failed task its money back, once (the service does not charge unsolved tasks). */
export function refund(ledger: RefundLedger, task: TaskRecord): void {
  if (task.refunded) return;
  task.refunded = true;
  ledger.balance = roundMoney(ledger.balance + task.price);
  ledger.stats.counters.refunded += task.price;
}
