import { afterAll, expect } from 'vitest';
import { createSpecValidator } from '../../index.js';
import { recorded } from '../helpers/api.js';

/**
 * The contract check: after each test file, every API answer recorded by `call()` must be what the
 * spec allows. JSON answers are validated against the response schema the spec declares for their
 * method and status; non-JSON answers may only be the fault pages (HTTP 429 and 5xx); answers a test
 * deliberately broke (malformed/truncated faults) must indeed fail to parse.
 */
afterAll(() => {
  const { validateResponse } = createSpecValidator();
  const problems: string[] = [];
  for (const response of recorded) {
    const label = `${response.method} ${response.status} ${response.text.slice(0, 120)}`;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    if (response.broken) {
      if (body !== undefined) problems.push(`expected a broken body: ${label}`);
      continue;
    }
    if (!response.contentType.includes('application/json')) {
      if (response.status !== 429 && response.status < 500) problems.push(`non-JSON answer outside a fault: ${label}`);
      continue;
    }
    const result = validateResponse(response.method, response.status, body);
    if (!result.ok) problems.push(`${result.message} <- ${label}`);
  }
  expect(problems).toEqual([]);
});
