import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, defineDriverSuite } from '../../../page/test-fixtures/defineDriverSuite.js';
import { findCaptchas, preparePage, solveCaptchas } from '../index.js';

let browser: Browser | undefined;

function frameOf(page: Page, frameUrl: string | undefined) {
  const frame = frameUrl ? page.frames().find((candidate) => candidate.url().includes(frameUrl)) : page.mainFrame();
  if (!frame) throw new Error(`no frame with ${frameUrl} in its URL`);
  return frame;
}

defineDriverSuite<Page>({
  name: 'playwright-core',
  launch: async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  },
  close: async () => {
    await browser?.close();
  },
  newPage: async () => {
    if (!browser) throw new Error('the browser is not running');
    const context = await browser.newContext();
    return context.newPage();
  },
  closePage: (page) => page.context().close(),
  goto: async (page, url) => {
    await page.goto(url, { waitUntil: 'load' });
  },
  evaluate: (page, expression, frameUrl) => frameOf(page, frameUrl).evaluate(expression),
  click: (page, selector) => page.click(selector),
  findCaptchas,
  solveCaptchas,
  preparePage,
});
