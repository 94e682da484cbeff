import { describe, expect, it } from 'vitest';
import { CliError } from '../CliError.js';
import { parseParams } from '../parseParams.js';

describe('parseParams', () => {
  it('parses JSON values and keeps everything else a string', () => {
    expect(
      parseParams([
        'isInvisible=true',
        'minScore=0.7',
        'websiteURL=https://example.com/a?b=c',
        'websiteKey=6Le-x',
        'metadata={"action":"login"}',
        'empty=',
      ]),
    ).toEqual({
      isInvisible: true,
      minScore: 0.7,
      websiteURL: 'https://example.com/a?b=c',
      websiteKey: '6Le-x',
      metadata: { action: 'login' },
      empty: '',
    });
  });

  it('nests dotted keys and lets later params win', () => {
    expect(parseParams(['metadata.action=login', 'metadata.cdata=abc', 'module=a', 'module=b'])).toEqual({
      metadata: { action: 'login', cdata: 'abc' },
      module: 'b',
    });
  });

  it('rejects params without key=value, naming the parameter', () => {
    for (const bad of ['websiteURL', '=value', 'a..b=1', '__proto__.polluted=1']) {
      const attempt = () => parseParams([bad]);
      expect(attempt).toThrow(CliError);
      try {
        attempt();
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
        expect((error as CliError).field).toBeTruthy();
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
