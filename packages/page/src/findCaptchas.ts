import type { Schemas } from '@capkit/api';
import { ConfigurationError } from '@capkit/core';
import type {
  Captcha,
  FrameRef,
  ImageCaptcha,
  RecaptchaCaptcha,
  RecaptchaTask,
  TurnstileCaptcha,
  UnsupportedCaptcha,
} from './Captcha.js';
import { DEFAULT_FRAME_TIMEOUT_MS, evaluateWithin } from './evaluateWithin.js';
import type { FrameDriver, PageDriver } from './PageDriver.js';
import { parseScanOutput, scanExpression } from './pageScripts.js';
import type { ImageCaptchaSelector, ImageScan, RecaptchaScan, ScanOutput } from './scripts/scriptTypes.js';

/** Options of {@link findCaptchas}. */
export interface FindCaptchasOptions {
  /**
   * A classic image captcha to look for (ImageToText): the `<img>` selector, optionally the answer's input
   * and the recognition `module` (`common` by default on the service's side).
   */
  image?: (ImageCaptchaSelector & { module?: string | undefined }) | undefined;
  /** reCAPTCHA v3: the score the site needs (`minScore`, 0.1–0.9), passed on with v3 tasks. */
  minScore?: number | undefined;
  /** How long one frame may take to answer the scan before it is skipped. Default 5000 ms. */
  frameTimeoutMs?: number | undefined;
  /**
   * Keep scanning (every 250 ms) until a captcha shows up or this long has passed, for widgets that render
   * late. Default 0: one scan, and an empty list at once when there is nothing.
   */
  waitMs?: number | undefined;
  /** Stops the scan (rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
}

/** A found captcha with the frame it lives in (what `solveCaptchas` needs to inject the token back). */
export interface LocatedCaptcha {
  captcha: Captcha;
  frame: FrameDriver;
}

/** The widgets' own frames: scanning inside them finds nothing (their host page names them). */
const WIDGET_FRAME =
  /^https?:\/\/([^/]*\.)?(google\.com\/recaptcha|recaptcha\.net\/recaptcha|challenges\.cloudflare\.com|[^/]*hcaptcha\.com)\//;

/**
 * Finds the captchas of a page: scans the main frame and every iframe (same- and cross-origin, nested)
 * and returns each widget with the task that solves it. An empty list when there is none (the scan does
 * not wait for widgets that have not rendered yet). Frames that do not answer within `frameTimeoutMs`
 * (or that navigate away meanwhile) are skipped.
 *
 * Most callers use the adapters' `findCaptchas(page)` (`@capkit/playwright`, `@capkit/puppeteer`).
 */
export async function findCaptchas(driver: PageDriver, options: FindCaptchasOptions = {}): Promise<Captcha[]> {
  return (await locateCaptchas(driver, options)).map((located) => located.captcha);
}

/** {@link findCaptchas}, keeping each captcha's frame (used by `solveCaptchas`). */
export async function locateCaptchas(
  driver: PageDriver,
  options: FindCaptchasOptions = {},
  wanted: (captcha: Captcha) => boolean = () => true,
): Promise<LocatedCaptcha[]> {
  checkFindOptions(options);
  const giveUpAt = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const located = await scanPage(driver, options);
    if (located.some((entry) => wanted(entry.captcha)) || Date.now() >= giveUpAt) return located;
    await pause(Math.min(RESCAN_MS, giveUpAt - Date.now()), options.signal);
  }
}

const RESCAN_MS = 250;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Bad options are a {@link ConfigurationError} naming the option, before anything runs in the page. */
function checkFindOptions(options: FindCaptchasOptions): void {
  const positive = (name: string, value: number | undefined, min: number, max = Number.POSITIVE_INFINITY): void => {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      const range = max === Number.POSITIVE_INFINITY ? `a finite number >= ${min}` : `a number from ${min} to ${max}`;
      throw new ConfigurationError(`\`${name}\` must be ${range} (got ${String(value)})`);
    }
  };
  positive('frameTimeoutMs', options.frameTimeoutMs, 1);
  positive('waitMs', options.waitMs, 0);
  positive('minScore', options.minScore, 0.1, 0.9);
  const { image } = options;
  if (image === undefined) return;
  if (typeof image !== 'object' || image === null || typeof image.image !== 'string' || image.image.trim() === '') {
    throw new ConfigurationError('`image.image` must be the CSS selector of the captcha image, e.g. `img#captcha`');
  }
  if (image.input !== undefined && (typeof image.input !== 'string' || image.input.trim() === '')) {
    throw new ConfigurationError('`image.input` must be the CSS selector of the answer input when given');
  }
}

async function scanPage(driver: PageDriver, options: FindCaptchasOptions): Promise<LocatedCaptcha[]> {
  options.signal?.throwIfAborted();
  const entries = driver.frames();
  const paths = framePaths(entries.map((entry) => entry.parent));
  const scans = await Promise.all(
    entries.map(async ({ frame }, index) => {
      const url = frame.url();
      if (WIDGET_FRAME.test(url)) return undefined;
      const childFrameUrls = entries.flatMap((entry) => (entry.parent === index ? [entry.frame.url()] : []));
      const scan = await scanWithin(frame, scanExpression({ image: options.image, childFrameUrls }), options);
      return scan === undefined
        ? undefined
        : { frame, ref: { index, url: scan.url || url, path: paths[index] ?? 'main' }, scan };
    }),
  );
  options.signal?.throwIfAborted();
  const located: LocatedCaptcha[] = [];
  for (const entry of scans) {
    if (!entry) continue;
    for (const captcha of await captchasOf(entry.ref, entry.scan, entry.frame, options)) {
      located.push({ captcha, frame: entry.frame });
    }
  }
  return located;
}

/** `main`, `main > iframe 0`, `main > iframe 0 > iframe 1`: each frame's chain of child positions. */
function framePaths(parents: number[]): string[] {
  const positions = parents.map((parent, index) => parents.slice(0, index).filter((other) => other === parent).length);
  const pathOf = (index: number, depth: number): string => {
    const parent = parents[index] ?? -1;
    // A frame list that loops (it should not) ends at the main frame rather than recursing forever.
    if (parent < 0 || depth > parents.length) return 'main';
    return `${pathOf(parent, depth + 1)} > iframe ${positions[index] ?? 0}`;
  };
  return parents.map((_, index) => pathOf(index, 0));
}

async function scanWithin(
  frame: FrameDriver,
  expression: string,
  options: FindCaptchasOptions,
): Promise<ScanOutput | undefined> {
  try {
    const value = await evaluateWithin(frame, expression, options.frameTimeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS);
    return parseScanOutput(value, frame.url());
  } catch {
    // A frame that navigated, was removed, refuses scripts or does not answer has nothing we can solve.
    return undefined;
  }
}

async function captchasOf(
  frame: FrameRef,
  scan: ScanOutput,
  driver: FrameDriver,
  options: FindCaptchasOptions,
): Promise<Captcha[]> {
  const websiteURL = scan.url;
  const base = (kind: string, position: number, ref: number, widget: string) => ({
    id: `${frame.path}/${kind}/${position}`,
    frame,
    widget,
    websiteURL,
    ref,
  });
  const recaptcha = scan.recaptcha.map((entry, position): RecaptchaCaptcha => {
    const kind = entry.version === 'v3' ? 'recaptcha-v3' : 'recaptcha-v2';
    const enterprisePayload = entry.enterprise && entry.s ? { s: entry.s } : undefined;
    return {
      ...base(kind, position, entry.ref, entry.widget),
      kind,
      websiteKey: entry.websiteKey,
      enterprise: entry.enterprise,
      isInvisible: entry.invisible,
      pageAction: entry.pageAction,
      enterprisePayload,
      widgetId: entry.widgetId,
      task: recaptchaTask(entry, websiteURL, options),
    };
  });
  const turnstile = scan.turnstile.map((entry, position): TurnstileCaptcha => {
    const task: TurnstileCaptcha['task'] = {
      type: 'AntiTurnstileTaskProxyLess',
      websiteURL,
      websiteKey: entry.websiteKey,
    };
    const metadata: Record<string, string> = {};
    if (entry.action) metadata.action = entry.action;
    if (entry.cdata) metadata.cdata = entry.cdata;
    if (Object.keys(metadata).length > 0) task.metadata = metadata;
    return {
      ...base('turnstile', position, entry.ref, entry.widget),
      kind: 'turnstile',
      websiteKey: entry.websiteKey,
      action: entry.action,
      cdata: entry.cdata,
      task,
    };
  });
  const images: (ImageCaptcha | UnsupportedCaptcha)[] = [];
  for (const [position, entry] of scan.images.entries()) {
    images.push(
      await imageCaptcha(base('image-to-text', position, entry.ref, entry.widget), entry, position, driver, options),
    );
  }
  const unsupported = scan.unsupported.map((entry, position): UnsupportedCaptcha => ({
    ...base('hcaptcha', position, -1, entry.widget),
    kind: 'unsupported',
    vendor: 'hcaptcha',
    websiteKey: entry.websiteKey,
    reason: 'CapSolver no longer solves hCaptcha',
  }));
  return [...recaptcha, ...turnstile, ...images, ...unsupported];
}

function recaptchaTask(entry: RecaptchaScan, websiteURL: string, options: FindCaptchasOptions): RecaptchaTask {
  if (entry.version === 'v3') {
    const params: Schemas['ReCaptchaV3Params'] = { websiteURL, websiteKey: entry.websiteKey };
    if (entry.pageAction) params.pageAction = entry.pageAction;
    if (entry.enterprise && entry.s) params.enterprisePayload = { s: entry.s };
    if (entry.apiDomain) params.apiDomain = entry.apiDomain;
    if (options.minScore !== undefined) params.minScore = options.minScore;
    return entry.enterprise
      ? { type: 'ReCaptchaV3EnterpriseTaskProxyLess', ...params }
      : { type: 'ReCaptchaV3TaskProxyLess', ...params };
  }
  const params: Schemas['ReCaptchaV2Params'] = { websiteURL, websiteKey: entry.websiteKey };
  if (entry.invisible) params.isInvisible = true;
  if (entry.pageAction) params.pageAction = entry.pageAction;
  if (entry.s) {
    if (entry.enterprise) params.enterprisePayload = { s: entry.s };
    else params.recaptchaDataSValue = entry.s;
  }
  if (entry.apiDomain) params.apiDomain = entry.apiDomain;
  return entry.enterprise
    ? { type: 'ReCaptchaV2EnterpriseTaskProxyLess', ...params }
    : { type: 'ReCaptchaV2TaskProxyLess', ...params };
}

async function imageCaptcha(
  base: Omit<ImageCaptcha, 'kind' | 'task'>,
  entry: ImageScan,
  position: number,
  driver: FrameDriver,
  options: FindCaptchasOptions,
): Promise<ImageCaptcha | UnsupportedCaptcha> {
  const unsupported = (reason: string): UnsupportedCaptcha => ({
    ...base,
    kind: 'unsupported',
    vendor: 'image-to-text',
    reason,
  });
  if (!entry.hasInput) return unsupported('no text input for the answer was found next to the image');
  let body = entry.body;
  if (!body && driver.screenshot && options.image) {
    body = await driver.screenshot(options.image.image, position).catch(() => undefined);
  }
  if (!body) return unsupported('the image could not be read (not loaded, or cross-origin and no screenshot)');
  const task: ImageCaptcha['task'] = { type: 'ImageToTextTask', body, websiteURL: base.websiteURL };
  if (options.image?.module) task.module = options.image.module;
  return { ...base, kind: 'image-to-text', task };
}
