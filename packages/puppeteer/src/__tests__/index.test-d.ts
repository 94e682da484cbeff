import type { CapSolverClient } from '@capkit/core';
import type { Page } from 'puppeteer-core';
import { expectTypeOf, test } from 'vitest';
import {
  capkitPlugin,
  findCaptchas,
  isCapkitPage,
  solveCaptchas,
  type Captcha,
  type CapkitExtraPlugin,
  type SolvedCaptcha,
} from '../index.js';

declare const page: Page;
declare const client: CapSolverClient;
declare const captcha: Captcha;

test('the functions take a Puppeteer page and return typed captchas', () => {
  expectTypeOf(findCaptchas(page)).resolves.toEqualTypeOf<Captcha[]>();
  expectTypeOf(solveCaptchas(page, { client })).resolves.toEqualTypeOf<SolvedCaptcha[]>();
  // @ts-expect-error solveCaptchas needs a client
  void solveCaptchas(page, {});
});

test('a captcha narrows by kind to its task type', () => {
  if (captcha.kind === 'turnstile') expectTypeOf(captcha.task.type).toEqualTypeOf<'AntiTurnstileTaskProxyLess'>();
  if (captcha.kind === 'image-to-text') expectTypeOf(captcha.task.type).toEqualTypeOf<'ImageToTextTask'>();
  if (captcha.kind === 'unsupported') expectTypeOf(captcha.task).toEqualTypeOf<undefined>();
});

test('the plugin is for Puppeteer pages, and isCapkitPage adds the methods', () => {
  expectTypeOf(capkitPlugin({ client })).toEqualTypeOf<CapkitExtraPlugin<Page>>();
  if (isCapkitPage(page)) expectTypeOf(page.solveCaptchas()).resolves.toEqualTypeOf<SolvedCaptcha[]>();
});
