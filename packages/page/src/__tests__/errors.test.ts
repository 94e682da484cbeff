import { AbortedError, CapSolverError, isCapSolverError } from '@capkit/core';
import { describe, expect, it } from 'vitest';
import {
  CaptchaInjectionError,
  CaptchaNotFoundError,
  CaptchaPageError,
  CaptchaSolveError,
  UnsupportedCaptchaError,
} from '../errors.js';
import type { ImageCaptcha } from '../Captcha.js';

const frame = { index: 1, url: 'https://shop.example/frame', path: 'main > iframe 0' };

describe('page errors', () => {
  it('are capkit errors with their own codes, naming the frame and the widget', () => {
    const cases = [
      [new CaptchaNotFoundError('none'), 'CAPTCHA_NOT_FOUND'],
      [new UnsupportedCaptchaError('hcaptcha', { frame, widget: 'div.h-captcha' }), 'CAPTCHA_UNSUPPORTED'],
      [new CaptchaInjectionError('gone', { frame, widget: 'div#w', taskId: 't-1' }), 'CAPTCHA_INJECTION_FAILED'],
    ] as const;
    for (const [error, code] of cases) {
      expect(error).toBeInstanceOf(CaptchaPageError);
      expect(error).toBeInstanceOf(CapSolverError);
      expect(isCapSolverError(error)).toBe(true);
      expect(error.code).toBe(code);
    }
    expect(cases[2][0]).toMatchObject({ frame, widget: 'div#w', taskId: 't-1', name: 'CaptchaInjectionError' });
  });

  it('keep the cause of a failed solve and leave the captcha (a whole task) out of JSON', () => {
    const cause = new AbortedError('cancelled', { taskId: 't-2', queries: 3 });
    const captcha: ImageCaptcha = {
      id: 'main > iframe 0/image-to-text/0',
      kind: 'image-to-text',
      frame,
      widget: 'img#c',
      websiteURL: frame.url,
      ref: 0,
      task: { type: 'ImageToTextTask', body: 'A'.repeat(1000) },
    };
    const error = new CaptchaSolveError('stopped', {
      code: 'ABORTED',
      cause,
      taskId: 't-2',
      frame,
      widget: 'img#c',
      captcha,
    });
    expect(error.cause).toBe(cause);
    expect(error.captcha).toBe(captcha);
    const json = JSON.stringify(error);
    expect(json).not.toContain('AAAA');
    expect(JSON.parse(json)).toMatchObject({ code: 'ABORTED', taskId: 't-2', widget: 'img#c', frame });
  });
});
