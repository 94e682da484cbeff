import { describe, expect, it } from 'vitest';
import { REDACTED } from '@capkit/core';
import { redactKey } from '../redactKey.js';

const KEY = 'CAP-SECRET-0123456789';

describe('redactKey', () => {
  it('drops clientKey properties at any depth', () => {
    const body = { errorId: 0, clientKey: KEY, echo: { clientKey: KEY, list: [{ clientKey: KEY }] } };
    expect(redactKey(body, KEY)).toEqual({ errorId: 0, echo: { list: [{}] } });
  });

  it('replaces the key in every string, property names included', () => {
    expect(redactKey({ errorDescription: `bad key ${KEY}`, [KEY]: [KEY] }, KEY)).toEqual({
      errorDescription: `bad key ${REDACTED}`,
      [REDACTED]: [REDACTED],
    });
  });

  it('catches a key the upstream wrote JSON-escaped, since it works after parsing', () => {
    // "\u0043AP-…" is the key in JSON: a search of the raw text would not find it.
    const text = `{"errorId":1,"errorDescription":"bad \\u0043${KEY.slice(1)}"}`;
    expect(text).not.toContain(KEY);
    expect(JSON.stringify(redactKey(JSON.parse(text), KEY))).not.toContain(KEY);
  });

  it('leaves values without the key unchanged', () => {
    expect(redactKey({ errorId: 0, balance: 12.5 }, KEY)).toEqual({ errorId: 0, balance: 12.5 });
  });
});
