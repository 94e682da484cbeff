import { describe, expect, it } from 'vitest';
import { REDACTED } from '@capkit/core';
import { redactKey } from '../redactKey.js';

const KEY = 'CAP-SECRET-0123456789';

describe('redactKey', () => {
  it('drops clientKey properties at any depth', () => {
    const body = JSON.stringify({ errorId: 0, clientKey: KEY, echo: { clientKey: KEY, list: [{ clientKey: KEY }] } });
    const redacted = redactKey(body, KEY);
    expect(JSON.parse(redacted)).toEqual({ errorId: 0, echo: { list: [{}] } });
  });

  it('replaces the key anywhere else, in JSON and in text', () => {
    expect(JSON.parse(redactKey(JSON.stringify({ errorDescription: `bad key ${KEY}` }), KEY))).toEqual({
      errorDescription: `bad key ${REDACTED}`,
    });
    expect(redactKey(`<html>${KEY}</html>`, KEY)).toBe(`<html>${REDACTED}</html>`);
  });

  it('leaves bodies without the key unchanged in meaning', () => {
    const body = JSON.stringify({ errorId: 0, balance: 12.5 });
    expect(JSON.parse(redactKey(body, KEY))).toEqual({ errorId: 0, balance: 12.5 });
  });
});
