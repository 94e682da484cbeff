import { ConfigurationError, createClient as createCoreClient, isCapSolverError } from '@capkit/core';
import { createClient as createNodeClient } from '@capkit/node';
import { describe, expect, it } from 'vitest';
import { createSecretScan, SECRET_KEY } from '../secrets/createSecretScan.js';

/** Base URLs that would send the key in clear text to something other than this machine. */
const REFUSED = [
  'http://example.com',
  'http://10.0.0.1',
  'http://10.0.0.1:8080/api',
  'http://192.168.1.10',
  'http://169.254.169.254',
  'http://0.0.0.0',
  'http://[::ffff:10.0.0.1]',
  'http://127.0.0.1.nip.io',
  'http://localhost.evil.example',
  'HTTP://EXAMPLE.COM',
  `http://example.com/?clientKey=${SECRET_KEY}`,
  `http://user:${SECRET_KEY}@example.com`,
  'ftp://example.com',
  'ws://example.com',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'not a url',
  // Not URLs, with the key inside: a paste gone wrong.
  SECRET_KEY,
  `https://api.capsolver.com extra ${SECRET_KEY}`,
];

/** Loopback over HTTP (the emulator) and any HTTPS URL are fine. */
const ALLOWED = [
  'http://127.0.0.1:1',
  'http://localhost:1',
  'http://[::1]:1',
  'https://example.com',
  'https://api-stable.capsolver.com',
];

const attempt = (create: () => unknown): unknown => {
  try {
    create();
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('insecure base URLs are refused, without the key in the error', () => {
  const scan = createSecretScan();

  it.each(REFUSED)('refuses %s (core, node option, node env)', (baseUrl) => {
    const errors = [
      attempt(() => createCoreClient({ apiKey: SECRET_KEY, baseUrl })),
      attempt(() => createNodeClient({ apiKey: SECRET_KEY, baseUrl })),
      attempt(() => createNodeClient({ env: { CAPSOLVER_API_KEY: SECRET_KEY, CAPSOLVER_BASE_URL: baseUrl } })),
    ];
    for (const error of errors) {
      expect(isCapSolverError(error), `not refused with a CapSolverError: ${String(error)}`).toBe(true);
      expect(error).toBeInstanceOf(ConfigurationError);
      scan.check(baseUrl, 'error', error);
    }
    expect(scan.hits.filter((hit) => hit.scenario === baseUrl)).toEqual([]);
  });

  it('does not print the key when CAPSOLVER_API_KEY and CAPSOLVER_BASE_URL are swapped', () => {
    const error = attempt(() =>
      createNodeClient({ env: { CAPSOLVER_API_KEY: 'https://api.capsolver.com', CAPSOLVER_BASE_URL: SECRET_KEY } }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    scan.check('swapped variables', 'error', error);
    expect(scan.hits.filter((hit) => hit.scenario === 'swapped variables')).toEqual([]);
  });

  it.each(ALLOWED)('accepts %s', (baseUrl) => {
    expect(attempt(() => createCoreClient({ apiKey: SECRET_KEY, baseUrl }))).toBeUndefined();
  });
});
