/**
 * `@capkit/puppeteer`: find the captchas of a Puppeteer page (every frame), solve them with capkit and
 * put the tokens in, firing the site's callbacks. A thin layer over `@capkit/page`.
 * @packageDocumentation
 */
import {
  createCapkitPlugin,
  findCaptchas as findInDriver,
  preparePage as prepareDriver,
  solveCaptchas as solveInDriver,
  type Captcha,
  type CapkitExtraPlugin,
  type CapkitPluginOptions,
  type FindCaptchasOptions,
  type SolveCaptchasOptions,
  type SolvedCaptcha,
} from '@capkit/page';
import type { Browser, Page, Target } from 'puppeteer-core';
import { toPageDriver } from './toPageDriver.js';

export { toFrameDriver, toPageDriver } from './toPageDriver.js';
export {
  CaptchaInjectionError,
  CaptchaNotFoundError,
  CaptchaPageError,
  CaptchaSolveError,
  UnsupportedCaptchaError,
  isCapkitPage,
  type Captcha,
  type CaptchaProgress,
  type CapkitExtraPlugin,
  type CapkitPage,
  type CapkitPageMethods,
  type CapkitPluginOptions,
  type FindCaptchasOptions,
  type FrameRef,
  type ImageCaptcha,
  type ImageCaptchaSelector,
  type RecaptchaCaptcha,
  type SolvableCaptcha,
  type SolveCaptchasOptions,
  type SolvedCaptcha,
  type TurnstileCaptcha,
  type UnsupportedCaptcha,
} from '@capkit/page';

/**
 * The captchas of a Puppeteer page: the main frame and every iframe are scanned; `[]` when there is none.
 *
 * @example
 * ```ts
 * const captchas = await findCaptchas(page);
 * console.log(captchas.map((captcha) => `${captcha.kind} in ${captcha.frame.path}`));
 * ```
 */
export function findCaptchas(page: Page, options?: FindCaptchasOptions): Promise<Captcha[]> {
  return findInDriver(toPageDriver(page), options);
}

/**
 * Finds, solves (through `options.client`) and injects every captcha of a Puppeteer page, firing the
 * site's callbacks. See `@capkit/page`'s `solveCaptchas` for the errors.
 *
 * @example
 * ```ts
 * const solved = await solveCaptchas(page, { client, timeoutMs: 120_000 });
 * ```
 */
export function solveCaptchas(page: Page, options: SolveCaptchasOptions): Promise<SolvedCaptcha[]> {
  return solveInDriver(toPageDriver(page), options);
}

/**
 * Installs the page hooks (v3 `execute` actions, `turnstile.render` options) for the page's next
 * navigations. Call it before `page.goto`; the plugin does it for every page.
 */
export function preparePage(page: Page): Promise<void> {
  return prepareDriver(toPageDriver(page));
}

function isPage(value: unknown): value is Page {
  return (
    typeof value === 'object' &&
    value !== null &&
    'frames' in value &&
    'evaluateOnNewDocument' in value &&
    'mainFrame' in value
  );
}

function isBrowser(value: unknown): value is Browser {
  return typeof value === 'object' && value !== null && 'pages' in value && 'on' in value;
}

/**
 * puppeteer-extra leaves page events to its plugins: the open pages, then each new page target. `browser.newPage()`
 * also waits for the page to be prepared, so the page it resolves with already has `solveCaptchas` and the hooks.
 */
async function watchPages(browser: unknown, onPage: (page: Page) => Promise<void>): Promise<void> {
  if (!isBrowser(browser)) return;
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args: Parameters<Browser['newPage']>) => {
    const page = await newPage(...args);
    await onPage(page);
    return page;
  };
  browser.on('targetcreated', (target: Target) => {
    if (target.type() !== 'page') return;
    void target
      .page()
      .then((page) => (page ? onPage(page) : undefined))
      .catch(() => {
        // A page that closed at once has nothing to solve.
      });
  });
  for (const page of await browser.pages()) await onPage(page);
}

/**
 * The `capkit` plugin for puppeteer-extra: every page gets `page.solveCaptchas()` and
 * `page.findCaptchas()` (with these options as defaults), and the page hooks.
 *
 * @example
 * ```ts
 * import puppeteer from 'puppeteer-extra';
 * puppeteer.use(capkitPlugin({ client }));
 * ```
 */
export function capkitPlugin(options: CapkitPluginOptions): CapkitExtraPlugin<Page> {
  return createCapkitPlugin({ toDriver: toPageDriver, isPage, watchPages }, options);
}
