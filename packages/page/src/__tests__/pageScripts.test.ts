import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { injectExpression, parseInjectOutput, parseScanOutput, scanExpression } from '../pageScripts.js';

describe('parseScanOutput', () => {
  it('keeps well-formed widgets and drops what a hostile page could put instead', () => {
    const scan = parseScanOutput(
      {
        url: 'https://shop.example/login',
        recaptcha: [
          {
            ref: 0,
            websiteKey: '6Lc-key',
            version: 'v3',
            enterprise: true,
            invisible: true,
            pageAction: 'buy',
            widget: 'div',
          },
          { ref: -1, websiteKey: '6Lc-bad-ref' },
          { ref: 1, websiteKey: 42 },
          'not an object',
          { ref: 2, websiteKey: '6Lc-plain', version: 'v9', enterprise: 'yes', widgetId: Number.NaN },
        ],
        turnstile: { 0: { ref: 3, websiteKey: '0x4' } },
        images: [{ ref: 4, body: '', hasInput: 'true' }],
        unsupported: [{ vendor: 'geetest' }, { vendor: 'hcaptcha', websiteKey: 7 }],
      },
      'https://fallback.example/',
    );
    expect(scan).toEqual({
      url: 'https://shop.example/login',
      recaptcha: [
        expect.objectContaining({ ref: 0, websiteKey: '6Lc-key', version: 'v3', enterprise: true, pageAction: 'buy' }),
        expect.objectContaining({
          ref: 2,
          websiteKey: '6Lc-plain',
          version: 'v2',
          enterprise: false,
          widgetId: undefined,
        }),
      ],
      turnstile: [],
      images: [{ ref: 4, body: undefined, hasInput: false, widget: 'image' }],
      unsupported: [{ vendor: 'hcaptcha', websiteKey: undefined, widget: 'hCaptcha widget' }],
    });
  });

  it('reads a missing answer as an empty frame at the fallback URL', () => {
    expect(parseScanOutput(null, 'https://a.example/')).toEqual({
      url: 'https://a.example/',
      recaptcha: [],
      turnstile: [],
      images: [],
      unsupported: [],
    });
  });
});

describe('parseInjectOutput', () => {
  it('keeps the strings of a success and the problem of a failure', () => {
    expect(parseInjectOutput({ ok: true, injected: ['input', 3], callback: 'done' })).toEqual({
      ok: true,
      injected: ['input'],
      callback: 'done',
    });
    expect(parseInjectOutput({ ok: false, problem: 'gone' })).toEqual({ ok: false, problem: 'gone' });
    expect(parseInjectOutput('nope')).toEqual({ ok: false, problem: 'the page gave no answer' });
  });
});

describe('page expressions', () => {
  it('are self-contained source text with JSON arguments (nothing from the module scope)', () => {
    const scan = scanExpression({ childFrameUrls: ['https://x.example/"quoted"'] });
    const inject = injectExpression({ kind: 'turnstile', ref: 1, value: '</script>"', step: 'fill' });
    // They parse as JavaScript on their own, and carry their arguments as JSON literals.
    expect(() => new Function(`return ${scan}`)).not.toThrow();
    expect(() => new Function(`return ${inject}`)).not.toThrow();
    expect(scan).toContain(JSON.stringify({ childFrameUrls: ['https://x.example/"quoted"'] }));
    expect(inject).toContain(JSON.stringify('</script>"'));
    expect(scan).not.toMatch(/__vite_ssr|__name\(/);
  });

  it('are generated from src/scripts and committed fresh', () => {
    const generator = fileURLToPath(new URL('../../scripts/generate-page-scripts.mjs', import.meta.url));
    // Exits 1 (and so throws) when src/generated/pageScriptSources.ts does not match src/scripts/*.ts.
    expect(execFileSync(process.execPath, [generator, '--check'], { encoding: 'utf8' })).toContain('fresh');
  });
});
