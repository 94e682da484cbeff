import type { CapSolverClient } from '@capkit/core';
import type { Emulator } from '@capkit/emulator';
import puppeteer from 'puppeteer-core';
import { addExtra } from 'puppeteer-extra';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startTestService } from '../../../page/test-fixtures/defineDriverSuite.js';
import { startFixtureSite, type FixtureSite } from '../../../page/test-fixtures/startFixtureSite.js';
import { capkitPlugin, isCapkitPage } from '../index.js';

let site: FixtureSite;
let service: { emulator: Emulator; client: CapSolverClient };

beforeAll(async () => {
  site = await startFixtureSite();
  service = await startTestService();
});

afterAll(async () => {
  await site?.close();
  await service?.emulator.close();
});

it('puppeteer-extra: puppeteer.use(capkitPlugin()) gives every page solveCaptchas() and the page hooks', async () => {
  const extra = addExtra(puppeteer);
  extra.use(capkitPlugin({ client: service.client }));
  const browser = await extra.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    // newPage resolves once the plugin has extended the page and installed its hooks.
    const page = await browser.newPage();
    if (!isCapkitPage(page)) throw new Error('the plugin did not extend the page');
    await page.goto(`${site.origin}/enterprise-v3.html`);
    expect(await page.findCaptchas()).toMatchObject([{ kind: 'recaptcha-v3', pageAction: 'purchase' }]);

    await page.goto(`${site.origin}/turnstile.html`);
    const [solved] = await page.solveCaptchas({ timeoutMs: 10_000 });
    expect(solved).toMatchObject({ type: 'AntiTurnstileTaskProxyLess', taskId: expect.any(String) });
    expect(await page.evaluate('window.siteCallbackTokens')).toEqual([solved?.token]);
  } finally {
    await browser.close();
  }
});
