import { describe, expect, it } from 'vitest';
import { ENV_VARS, readEnvConfig } from '../readEnvConfig.js';

describe('readEnvConfig', () => {
  it('reads CAPSOLVER_API_KEY and CAPSOLVER_BASE_URL', () => {
    const config = readEnvConfig({ CAPSOLVER_API_KEY: 'CAP-1', CAPSOLVER_BASE_URL: 'http://127.0.0.1:9' });
    expect(config).toEqual({ apiKey: 'CAP-1', baseUrl: 'http://127.0.0.1:9' });
  });

  it('trims values and treats blank ones as unset', () => {
    expect(readEnvConfig({ CAPSOLVER_API_KEY: '  CAP-2\n', CAPSOLVER_BASE_URL: '   ' })).toEqual({ apiKey: 'CAP-2' });
    expect(readEnvConfig({})).toEqual({});
  });

  it('names the variables it reads', () => {
    expect(ENV_VARS).toEqual({ apiKey: 'CAPSOLVER_API_KEY', baseUrl: 'CAPSOLVER_BASE_URL' });
  });
});
