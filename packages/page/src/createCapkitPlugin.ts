import type { Captcha } from './Captcha.js';
import { findCaptchas, type FindCaptchasOptions } from './findCaptchas.js';
import type { PageDriver } from './PageDriver.js';
import { preparePage } from './preparePage.js';
import { solveCaptchas, type SolveCaptchasOptions, type SolvedCaptcha } from './solveCaptchas.js';

/** What the plugin adds to every page: the same calls as the package's functions, bound to the page. */
export interface CapkitPageMethods {
  /** `solveCaptchas(page, { ...pluginOptions, ...options })`. */
  solveCaptchas(options?: Partial<SolveCaptchasOptions>): Promise<SolvedCaptcha[]>;
  /** `findCaptchas(page, { ...pluginOptions, ...options })`. */
  findCaptchas(options?: FindCaptchasOptions): Promise<Captcha[]>;
}

/** A page the plugin has seen: the driver's page with {@link CapkitPageMethods}. */
export type CapkitPage<P> = P & CapkitPageMethods;

/** Whether the plugin has extended `page` with {@link CapkitPageMethods} (it does so for every page it sees). */
export function isCapkitPage<P extends object>(page: P): page is CapkitPage<P> {
  return 'solveCaptchas' in page && typeof page.solveCaptchas === 'function' && 'findCaptchas' in page;
}

/** Options of the plugin: those of `solveCaptchas` (the `client` at least), for every page. */
export type CapkitPluginOptions = SolveCaptchasOptions;

/**
 * A plugin for playwright-extra and puppeteer-extra. Both hosts take an object with
 * `_isPuppeteerExtraPlugin`, a `name`, `requirements` and `dependencies` sets, and call lifecycle hooks:
 * playwright-extra calls `onPageCreated(page)` for each new page (`noPuppeteerShim` keeps its page a
 * real Playwright page); puppeteer-extra calls `_register(prototype)` once, `_getMissingDependencies(plugins)` and
 * `_bindBrowserEvents(browser)` at each launch or connect, where the page events are bound.
 */
export interface CapkitExtraPlugin<P> {
  readonly _isPuppeteerExtraPlugin: true;
  readonly name: 'capkit';
  readonly noPuppeteerShim: true;
  readonly requirements: Set<string>;
  readonly dependencies: Set<string>;
  /** The options given to the plugin. */
  readonly opts: CapkitPluginOptions;
  _register(prototype: unknown): void;
  /** puppeteer-extra asks each plugin which of its `dependencies` are not registered: none here. */
  _getMissingDependencies(plugins: unknown): Set<string>;
  _bindBrowserEvents(browser: unknown, launchContext?: unknown): Promise<void>;
  /** Adds {@link CapkitPageMethods} to `page` and installs the page hooks (see `preparePage`). */
  onPageCreated(page: P): Promise<void>;
}

/** What an adapter gives {@link createCapkitPlugin}: its page wrapper, and how to see a browser's pages. */
export interface CapkitPluginHost<P> {
  /** The adapter's {@link PageDriver} for one page. */
  toDriver(page: P): PageDriver;
  /** Whether `value` is a page of this driver. */
  isPage(value: unknown): value is P;
  /** Calls `onPage` for every page of `browser`, those open now and those opened later (puppeteer-extra). */
  watchPages?(browser: unknown, onPage: (page: P) => Promise<void>): Promise<void>;
}

/**
 * Builds the `capkit` plugin for an adapter. Users get it from `@capkit/playwright` or `@capkit/puppeteer`
 * (`capkitPlugin({ client })`) and register it with `chromium.use(...)` / `puppeteer.use(...)`.
 */
export function createCapkitPlugin<P extends object>(
  host: CapkitPluginHost<P>,
  options: CapkitPluginOptions,
): CapkitExtraPlugin<P> {
  // One preparation per page, shared by every hook that sees it (a page event and a wrapped newPage).
  const prepared = new WeakMap<object, Promise<void>>();
  const onPageCreated = (page: P): Promise<void> => {
    const known = prepared.get(page);
    if (known) return known;
    const driver = host.toDriver(page);
    const methods: CapkitPageMethods = {
      solveCaptchas: (overrides = {}) => solveCaptchas(driver, { ...options, ...overrides }),
      findCaptchas: (overrides = {}) => findCaptchas(driver, { ...options, ...overrides }),
    };
    Object.assign(page, methods);
    const preparing = preparePage(driver);
    prepared.set(page, preparing);
    return preparing;
  };
  return {
    _isPuppeteerExtraPlugin: true,
    name: 'capkit',
    noPuppeteerShim: true,
    requirements: new Set(),
    dependencies: new Set(),
    opts: options,
    _register: () => {},
    _getMissingDependencies: () => new Set(),
    _bindBrowserEvents: async (browser) => {
      await host.watchPages?.(browser, onPageCreated);
    },
    onPageCreated: async (page) => {
      if (host.isPage(page)) await onPageCreated(page);
    },
  };
}
