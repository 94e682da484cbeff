import type { ErrorCode, TaskStatus } from '@capkit/api';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createSpecValidator,
  startEmulator,
  type Emulator,
  type EmulatorStats,
  type FaultKind,
  type ForcedOutcome,
  type Outcome,
} from '../index.js';

describe('public types', () => {
  it('startEmulator resolves to an Emulator', () => {
    expectTypeOf(startEmulator).returns.resolves.toEqualTypeOf<Emulator>();
    expectTypeOf<Emulator['stats']>().returns.toEqualTypeOf<EmulatorStats>();
    expectTypeOf<Emulator['close']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('outcomes are the named ones plus every ErrorCode from @capkit/api', () => {
    expectTypeOf<Outcome>().toEqualTypeOf<'ready' | 'unsolvable' | 'timeout' | ErrorCode>();
    expectTypeOf<NonNullable<ForcedOutcome['statuses']>[number]>().toEqualTypeOf<TaskStatus>();
    // @ts-expect-error: not an outcome
    const bogus: ForcedOutcome = { outcome: 'sometimes' };
    void bogus;
  });

  it('validateTask narrows to the two task error codes', () => {
    const result = createSpecValidator().validateTask({});
    if (!result.ok) expectTypeOf(result.code).toEqualTypeOf<'ERROR_TASK_NOT_SUPPORTED' | 'ERROR_INVALID_TASK_DATA'>();
  });

  it('faultsInjected has every fault kind', () => {
    expectTypeOf<EmulatorStats['faultsInjected']>().toEqualTypeOf<Record<FaultKind, number>>();
  });
});
