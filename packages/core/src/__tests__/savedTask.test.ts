import { describe, expect, it } from 'vitest';
import { createClient } from '../client/createClient.js';
import { createMemoryStore } from '../client/createMemoryStore.js';
import { parseSavedTask, pickSavedFields, serializeSavedTask, toMachineInput } from '../client/savedTask.js';
import type { SerializedTask } from '../client/types.js';
import { ConfigurationError } from '../errors/clientErrors.js';
import { SavedTaskError } from '../errors/SavedTaskError.js';

// Issue 16 / 22: the saved-task record format in one module, every record validated on read.
const good = {
  version: 2,
  key: 'k1',
  task: { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com', websiteKey: 'site-key' },
  taskType: 'ReCaptchaV2TaskProxyLess',
  taskId: 't-1',
  createdAt: 1_700_000_000_000,
  queries: 3,
  state: 'idle',
  nextPollAt: 1_700_000_003_000,
} as const;

const fieldOf = (value: unknown, options?: { key?: string }): string | undefined => {
  try {
    parseSavedTask(value, options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SavedTaskError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_SAVED_TASK' });
    return (error as SavedTaskError).field;
  }
};

describe('parseSavedTask', () => {
  it('accepts a record and keeps only the record fields', () => {
    expect(parseSavedTask({ ...good, clientKey: 'CAP-LEAKED', debug: true })).toEqual(good);
  });

  it.each([
    [null, 'record'],
    [[good], 'record'],
    [{ ...good, version: 3 }, 'version'],
    [{ ...good, key: '' }, 'key'],
    [{ ...good, state: 1 }, 'state'],
    [{ ...good, queries: -1 }, 'queries'],
    [{ ...good, queries: '3' }, 'queries'],
    [{ ...good, queries: 2.5 }, 'queries'],
    [{ ...good, createdAt: '2026-12-08T01:00:00Z' }, 'createdAt'],
    [{ ...good, createdAt: Number.NaN }, 'createdAt'],
    [{ ...good, createdAt: undefined }, 'createdAt'],
    [{ ...good, nextPollAt: -1 }, 'nextPollAt'],
    [{ ...good, taskId: 42 }, 'taskId'],
    [{ ...good, task: 'captcha' }, 'task'],
    [{ ...good, task: { websiteURL: 'x' } }, 'task.type'],
    [{ ...good, lastStatus: {} }, 'lastStatus'],
  ])('refuses %j naming %s', (value, field) => {
    expect(fieldOf(value)).toBe(field);
  });

  it('checks the key it was filed under, and never quotes the record', () => {
    expect(fieldOf(good, { key: 'other' })).toBe('key');
    try {
      parseSavedTask({ ...good, createdAt: 'proxy-password-hunter2' });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('hunter2');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('round-trips: serialize, parse, machine input', () => {
    const written = serializeSavedTask({ ...good, lastStatus: undefined }, 'k1', 'idle');
    expect(parseSavedTask(JSON.parse(JSON.stringify(written)))).toEqual(good);
    expect(toMachineInput(written)).toEqual({
      queries: 3,
      resumed: true,
      task: good.task,
      taskType: good.taskType,
      taskId: 't-1',
      createdAt: good.createdAt,
      nextPollAt: good.nextPollAt,
    });
    expect(pickSavedFields({ ...good, extra: 1 })).toEqual(good);
  });
});

describe('resume validates the record', () => {
  const client = createClient({ apiKey: 'CAP-SAVED-TASK-KEY', baseUrl: 'http://127.0.0.1:9' });

  it('throws a SavedTaskError naming the field before any request', () => {
    expect(() => client.resume({ ...good, createdAt: '2026' } as unknown as SerializedTask)).toThrow(SavedTaskError);
    expect(() => client.resume({ ...good, queries: -3 } as unknown as SerializedTask)).toThrow(/"queries"/);
  });

  it('resumePending skips an invalid record (with a warning) and resumes the others', async () => {
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, warn: (...args: unknown[]) => void warnings.push(args), error() {} };
    const store = createMemoryStore();
    await store.save({ ...good, key: 'bad', queries: -1 } as unknown as SerializedTask);
    await store.save({ ...good, key: 'fine', taskId: undefined, createdAt: undefined } as SerializedTask);
    const handles = await createClient({
      apiKey: 'CAP-SAVED-TASK-KEY',
      baseUrl: 'http://127.0.0.1:9',
      logger,
    }).resumePending(store);
    expect(handles.map((handle) => handle.key)).toEqual(['fine']);
    await handles[0]?.result.catch(() => undefined);
    expect(JSON.stringify(warnings)).toContain('queries');
  });
});
