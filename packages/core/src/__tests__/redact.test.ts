import { describe, expect, it } from 'vitest';
import { createRedactor, redact, REDACTED } from '../redact.js';

const KEY = 'CAP-0123456789ABCDEF0123456789ABCDEF';

describe('createRedactor', () => {
  const redactor = createRedactor([KEY, undefined, '']);

  it('scrubs the key and secret-looking fragments from text', () => {
    expect(redactor.string(`bad key ${KEY}!`)).toBe(`bad key ${REDACTED}!`);
    expect(redactor.string('{"clientKey":"CAP-OTHER","taskId":"t"}')).toBe(`{"clientKey":"${REDACTED}","taskId":"t"}`);
    expect(redactor.string('https://x.test/?clientKey=abc&x=1')).toBe(`https://x.test/?clientKey=${REDACTED}&x=1`);
    expect(redactor.string('Authorization: Bearer abc.def')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('copies data with secrets scrubbed, secret-named keys blanked and cycles cut', () => {
    const data: Record<string, unknown> = { note: `key=${KEY}`, nested: [{ apiKey: 'anything' }], n: 1 };
    data.self = data;
    const copy = redactor.value(data);
    expect(copy).not.toBe(data);
    expect(JSON.stringify({ ...copy, self: undefined })).not.toContain(KEY);
    expect((copy.nested as Array<{ apiKey: string }>)[0]!.apiKey).toBe(REDACTED);
    expect(copy.self).toBe(copy);
    expect(data.note).toBe(`key=${KEY}`);
  });

  it('turns errors into plain, scrubbed data, causes included', () => {
    const error = new Error(`refused ${KEY}`, { cause: Object.assign(new Error(`inner ${KEY}`), { code: 'E1' }) });
    const copy = redactor.value({ error });
    expect(JSON.stringify(copy)).not.toContain(KEY);
    expect(copy.error).toMatchObject({ name: 'Error', cause: { code: 'E1' } });
  });

  it('tells whether data holds a secret', () => {
    expect(redactor.contains({ a: [{ b: `x${KEY}` }] })).toBe(true);
    expect(redactor.contains(new Error('x', { cause: new Error(KEY) }))).toBe(true);
    expect(redactor.contains({ clientKey: 'unknown-key' })).toBe(true);
    expect(redactor.contains({ clientKey: REDACTED, taskId: 't' })).toBe(false);
    expect(redactor.contains('{"clientKey":"x"}')).toBe(true);
    expect(redactor.contains({ status: 'processing', queries: 3 })).toBe(false);
  });

  it('has a one-shot form', () => {
    expect(redact({ message: `k ${KEY}` }, [KEY])).toEqual({ message: `k ${REDACTED}` });
  });
});
