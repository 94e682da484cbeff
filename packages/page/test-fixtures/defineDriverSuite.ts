import { ConfigurationError, createClient, scaleLimits, type CapSolverClient, type TaskProgress } from '@capkit/core';
import { DEFAULT_API_KEY, fixed, startEmulator, type Emulator } from '@capkit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CaptchaInjectionError,
  CaptchaNotFoundError,
  CaptchaSolveError,
  UnsupportedCaptchaError,
  type Captcha,
  type FindCaptchasOptions,
  type SolveCaptchasOptions,
  type SolvedCaptcha,
} from '../src/index.js';
import { startFixtureSite, type FixtureSite, type Submission } from './startFixtureSite.js';

/** Flags for the system Chromium: no network beyond loopback (widget iframes fail at once), no extras. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
/** The system Chromium (Debian package `chromium`); `CAPKIT_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.CAPKIT_CHROMIUM ?? '/usr/bin/chromium';

/** What the shared browser suite needs from one driver (Playwright, Puppeteer) and its adapter. */
export interface DriverHarness<P> {
  name: string;
  /** Launches the browser once for the suite. */
  launch(): Promise<void>;
  close(): Promise<void>;
  /** A fresh page (its own context) and a way to close it. */
  newPage(): Promise<P>;
  closePage(page: P): Promise<void>;
  /** Navigates and waits for the `load` event. */
  goto(page: P, url: string): Promise<void>;
  /** Evaluates an expression in the first frame whose URL contains `frameUrl` (default: the main frame). */
  evaluate(page: P, expression: string, frameUrl?: string): Promise<unknown>;
  click(page: P, selector: string): Promise<void>;
  findCaptchas(page: P, options?: FindCaptchasOptions): Promise<Captcha[]>;
  solveCaptchas(page: P, options: SolveCaptchasOptions): Promise<SolvedCaptcha[]>;
  preparePage(page: P): Promise<void>;
}

// Service durations run 20x faster: a task takes 4 s of service time, 200 ms of real time.
const TIME_SCALE = 0.05;

/** The emulator the browser tests use (fast, seeded) and a capkit client for it. */
export async function startTestService(): Promise<{ emulator: Emulator; client: CapSolverClient }> {
  const emulator = await startEmulator({ timeScale: TIME_SCALE, solveTime: fixed(4000), seed: 20 });
  const client = createClient({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, limits: scaleLimits(TIME_SCALE) });
  return { emulator, client };
}

/** The end-to-end suite both adapters run: every fixture page solved in a real Chromium. */
export function defineDriverSuite<P>(harness: DriverHarness<P>): void {
  let site: FixtureSite;
  let emulator: Emulator;
  let client: CapSolverClient;
  const createTaskBodies: Record<string, unknown>[] = [];

  beforeAll(async () => {
    site = await startFixtureSite();
    emulator = await startEmulator({ timeScale: TIME_SCALE, solveTime: fixed(4000), seed: 20 });
    await harness.launch();
    client = createClient({
      apiKey: DEFAULT_API_KEY,
      baseUrl: emulator.url,
      limits: scaleLimits(TIME_SCALE),
      fetch: async (input, init) => {
        if (String(input).endsWith('/createTask') && typeof init?.body === 'string') {
          const body: unknown = JSON.parse(init.body);
          if (typeof body === 'object' && body !== null && 'task' in body && typeof body.task === 'object') {
            createTaskBodies.push({ ...body.task });
          }
        }
        return fetch(input, init);
      },
    });
  });

  afterAll(async () => {
    await harness.close();
    await site?.close();
    await emulator?.close();
  });

  beforeEach(() => {
    emulator.reset();
    createTaskBodies.length = 0;
    site.submissions.length = 0;
  });

  async function open(path: string, options: { prepare?: boolean } = {}): Promise<P> {
    const page = await harness.newPage();
    if (options.prepare) await harness.preparePage(page);
    await harness.goto(page, `${site.origin}/${path}`);
    return page;
  }

  async function submission(form: string): Promise<Submission> {
    for (let waited = 0; waited < 5000; waited += 25) {
      const found = site.submissions.find((entry) => entry.form === form);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the ${form} form was not submitted`);
  }

  const tokensOf = (page: P, frameUrl?: string) => harness.evaluate(page, 'window.siteCallbackTokens', frameUrl);

  describe(`${harness.name}: reCAPTCHA`, () => {
    it('v2 checkbox: finds it, solves it, the site callback gets the token and the form carries it', async () => {
      const page = await open('v2-checkbox.html');
      try {
        const found = await harness.findCaptchas(page);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          kind: 'recaptcha-v2',
          websiteKey: '6LcFixtureV2Checkbox0000000000000000000',
          websiteURL: `${site.origin}/v2-checkbox.html`,
          enterprise: false,
          isInvisible: false,
          widgetId: 0,
          widget: 'div.g-recaptcha#login-captcha',
          frame: { index: 0, path: 'main' },
          task: {
            type: 'ReCaptchaV2TaskProxyLess',
            websiteURL: `${site.origin}/v2-checkbox.html`,
            websiteKey: '6LcFixtureV2Checkbox0000000000000000000',
          },
        });

        const [solved, ...rest] = await harness.solveCaptchas(page, { client });
        expect(rest).toEqual([]);
        expect(solved).toMatchObject({ type: 'ReCaptchaV2TaskProxyLess', taskId: expect.any(String) });
        expect(solved?.queries).toBeGreaterThanOrEqual(1);
        expect(solved?.elapsedMs).toBeGreaterThan(0);
        expect(solved?.token).toMatch(/^emulator-/);
        expect(solved?.injected).toEqual(
          expect.arrayContaining(['g-recaptcha-response x1', 'grecaptcha.getResponse', 'callback onCaptcha']),
        );
        // The site's own code sees the emulator's token: its callback, its getResponse call, its form.
        expect(await tokensOf(page)).toEqual([solved?.token]);
        expect(await harness.evaluate(page, 'grecaptcha.getResponse()')).toBe(solved?.token);
        // The token is tied to the browser: the task carried the page's user agent.
        const userAgent = await harness.evaluate(page, 'navigator.userAgent');
        expect(createTaskBodies).toEqual([expect.objectContaining({ userAgent })]);
        await harness.click(page, '#send');
        expect((await submission('v2-checkbox')).fields).toMatchObject({
          user: 'alice',
          'g-recaptcha-response': solved?.token,
        });
      } finally {
        await harness.closePage(page);
      }
    });

    it('v2 invisible: found as invisible; its callback submits the form with the token', async () => {
      const page = await open('v2-invisible.html');
      try {
        const [found] = await harness.findCaptchas(page);
        expect(found).toMatchObject({
          kind: 'recaptcha-v2',
          isInvisible: true,
          widget: 'button.g-recaptcha#signup-button',
          task: { type: 'ReCaptchaV2TaskProxyLess', isInvisible: true },
        });
        const [solved] = await harness.solveCaptchas(page, { client });
        expect(solved?.injected.some((entry) => entry.startsWith('callback onSubmit'))).toBe(true);
        const sent = await submission('v2-invisible');
        expect(sent.fields).toMatchObject({ email: 'bob@example.com', 'g-recaptcha-response': solved?.token });
      } finally {
        await harness.closePage(page);
      }
    });

    it('v3: found from the render= script with the action of its execute call; execute then answers the token', async () => {
      const page = await open('v3.html');
      try {
        const found = await harness.findCaptchas(page, { minScore: 0.7 });
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          kind: 'recaptcha-v3',
          isInvisible: true,
          pageAction: 'comment',
          task: {
            type: 'ReCaptchaV3TaskProxyLess',
            websiteKey: '6LcFixtureV3Score00000000000000000000000',
            pageAction: 'comment',
            minScore: 0.7,
          },
        });
        const [solved] = await harness.solveCaptchas(page, { client, minScore: 0.7 });
        expect(solved?.injected).toContain('grecaptcha.execute');
        // The site asks for its token at submit time, as v3 sites do.
        await harness.click(page, '#send');
        expect((await submission('v3')).fields).toMatchObject({ text: 'hello', recaptcha_token: solved?.token });
      } finally {
        await harness.closePage(page);
      }
    });

    it('Enterprise v2: enterprisePayload.s and the action from the registry; the render callback fires', async () => {
      const page = await open('enterprise-v2.html');
      try {
        const [found] = await harness.findCaptchas(page);
        expect(found).toMatchObject({
          kind: 'recaptcha-v2',
          enterprise: true,
          pageAction: 'checkout',
          enterprisePayload: { s: 'fixture-s-payload' },
          widget: 'div#checkout-captcha',
          task: {
            type: 'ReCaptchaV2EnterpriseTaskProxyLess',
            pageAction: 'checkout',
            enterprisePayload: { s: 'fixture-s-payload' },
          },
        });
        const [solved] = await harness.solveCaptchas(page, { client });
        expect(await tokensOf(page)).toEqual([solved?.token]);
        expect(await harness.evaluate(page, 'grecaptcha.enterprise.getResponse(0)')).toBe(solved?.token);
        await harness.click(page, '#send');
        expect((await submission('enterprise-v2')).fields['g-recaptcha-response']).toBe(solved?.token);
      } finally {
        await harness.closePage(page);
      }
    });

    it('Enterprise v3: the page hooks see the action of an external script; the site then submits the token', async () => {
      const page = await open('enterprise-v3.html', { prepare: true });
      try {
        const found = await harness.findCaptchas(page);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          kind: 'recaptcha-v3',
          enterprise: true,
          pageAction: 'purchase',
          task: { type: 'ReCaptchaV3EnterpriseTaskProxyLess', pageAction: 'purchase' },
        });
        const [solved] = await harness.solveCaptchas(page, { client });
        await harness.click(page, '#send');
        expect((await submission('enterprise-v3')).fields['g-recaptcha-response']).toBe(solved?.token);
      } finally {
        await harness.closePage(page);
      }
    });
  });

  describe(`${harness.name}: Turnstile, images, frames`, () => {
    it('Turnstile: metadata from the data attributes; the input, getResponse and the callback get the token', async () => {
      const page = await open('turnstile.html');
      try {
        const found = await harness.findCaptchas(page);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          kind: 'turnstile',
          websiteKey: '0x4AAAAAAAFixtureTurnstile',
          action: 'contact',
          cdata: 'session-42',
          widget: 'div.cf-turnstile#contact-turnstile',
          task: {
            type: 'AntiTurnstileTaskProxyLess',
            websiteURL: `${site.origin}/turnstile.html`,
            websiteKey: '0x4AAAAAAAFixtureTurnstile',
            metadata: { action: 'contact', cdata: 'session-42' },
          },
        });
        const [solved] = await harness.solveCaptchas(page, { client });
        expect(solved).toMatchObject({ type: 'AntiTurnstileTaskProxyLess' });
        expect(solved?.injected).toEqual(
          expect.arrayContaining(['cf-turnstile-response x1', 'turnstile.getResponse', 'callback onTurnstile']),
        );
        // Turnstile takes no user agent: none was sent.
        expect(createTaskBodies[0]).not.toHaveProperty('userAgent');
        expect(await tokensOf(page)).toEqual([solved?.token]);
        expect(await harness.evaluate(page, 'turnstile.getResponse()')).toBe(solved?.token);
        await harness.click(page, '#send');
        expect((await submission('turnstile')).fields).toMatchObject({
          message: 'hi',
          'cf-turnstile-response': solved?.token,
        });
      } finally {
        await harness.closePage(page);
      }
    });

    it('nested cross-origin iframes: both widgets found in their frames and solved there', async () => {
      const page = await open('nested.html', { prepare: true });
      try {
        const found = await harness.findCaptchas(page);
        const outerUrl = `${site.otherOrigin}/nested-outer.html`;
        const innerUrl = `${site.origin}/nested-inner.html`;
        expect(found).toHaveLength(2);
        const turnstile = found.find((captcha) => captcha.kind === 'turnstile');
        const recaptcha = found.find((captcha) => captcha.kind === 'recaptcha-v2');
        expect(turnstile).toMatchObject({
          websiteKey: '0x4AAAAAAAFixtureNested',
          websiteURL: outerUrl,
          action: 'outer-login',
          frame: { url: outerUrl, path: 'main > iframe 0' },
        });
        expect(recaptcha).toMatchObject({ websiteURL: innerUrl, frame: { url: innerUrl } });
        expect(recaptcha?.frame.path).toMatch(/^main > iframe 0 > iframe \d$/);

        const solved = await harness.solveCaptchas(page, { client });
        expect(solved.map((entry) => entry.captcha.kind).sort()).toEqual(['recaptcha-v2', 'turnstile']);
        const tokenOf = (kind: string) => solved.find((entry) => entry.captcha.kind === kind)?.token;
        expect(await tokensOf(page, 'nested-outer')).toEqual([tokenOf('turnstile')]);
        expect(await tokensOf(page, 'nested-inner')).toEqual([tokenOf('recaptcha-v2')]);
      } finally {
        await harness.closePage(page);
      }
    });

    it('filter: solves only the captchas the caller picks', async () => {
      const page = await open('nested.html', { prepare: true });
      try {
        const solved = await harness.solveCaptchas(page, { client, filter: (captcha) => captcha.kind === 'turnstile' });
        expect(solved.map((entry) => entry.type)).toEqual(['AntiTurnstileTaskProxyLess']);
        expect(await tokensOf(page, 'nested-inner')).toEqual([]);
        await expect(harness.solveCaptchas(page, { client, filter: () => false })).rejects.toThrow(
          /None of the 2 captchas found on the page passed the filter/,
        );
      } finally {
        await harness.closePage(page);
      }
    });

    it('image captcha: the caller selects the image; the recognised text goes into the input next to it', async () => {
      const page = await open('image.html');
      try {
        const image = { image: '#captcha-image' };
        const found = await harness.findCaptchas(page, { image });
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          kind: 'image-to-text',
          widget: 'img#captcha-image',
          task: { type: 'ImageToTextTask' },
        });
        const body = found[0]?.task?.type === 'ImageToTextTask' && 'body' in found[0].task ? found[0].task.body : '';
        expect(Buffer.from(body, 'base64').subarray(1, 4).toString()).toBe('PNG');

        const [solved] = await harness.solveCaptchas(page, { client, image });
        expect(solved).toMatchObject({ type: 'ImageToTextTask', queries: 0, injected: ['input'] });
        expect(await harness.evaluate(page, "document.getElementById('captcha-answer').value")).toBe(solved?.token);
        await harness.click(page, '#send');
        expect((await submission('image')).fields.captcha).toBe(solved?.token);
      } finally {
        await harness.closePage(page);
      }
    });
  });

  describe(`${harness.name}: cross-origin image`, () => {
    it('an image the canvas cannot read (cross-origin, no CORS) is read from a screenshot', async () => {
      const page = await open('image-cross-origin.html');
      try {
        const found = await harness.findCaptchas(page, { image: { image: 'img.captcha', input: '#answer' } });
        expect(found).toMatchObject([
          { kind: 'image-to-text', widget: 'img.captcha', task: { type: 'ImageToTextTask' } },
        ]);
        const task = found[0]?.task;
        const body = task?.type === 'ImageToTextTask' && 'body' in task ? task.body : '';
        expect(Buffer.from(body, 'base64').subarray(1, 4).toString()).toBe('PNG');
        const [solved] = await harness.solveCaptchas(page, {
          client,
          image: { image: 'img.captcha', input: '#answer' },
        });
        await harness.click(page, '#send');
        expect((await submission('image-cross-origin')).fields.answer).toBe(solved?.token);
      } finally {
        await harness.closePage(page);
      }
    });
  });

  describe(`${harness.name}: nothing, unsupported, failures, cancelling`, () => {
    it('a page with none (and a cross-origin iframe) returns [] at once, and solveCaptchas says nothing was found', async () => {
      const page = await open('none.html');
      try {
        const started = Date.now();
        expect(await harness.findCaptchas(page)).toEqual([]);
        // No waiting for widgets that might render later: one scan of each frame.
        expect(Date.now() - started).toBeLessThan(2000);
        const error = await harness.solveCaptchas(page, { client }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CaptchaNotFoundError);
        expect(error).toMatchObject({ code: 'CAPTCHA_NOT_FOUND' });
        expect(emulator.stats().createTaskCalls).toBe(0);
      } finally {
        await harness.closePage(page);
      }
    });

    it('waitMs: keeps scanning until a late widget renders, then solves it', async () => {
      const page = await open('late.html');
      try {
        expect(await harness.findCaptchas(page)).toEqual([]);
        const [solved] = await harness.solveCaptchas(page, { client, waitMs: 5000 });
        expect(solved?.captcha).toMatchObject({ kind: 'turnstile', websiteKey: '0x4AAAAAAAFixtureLate' });
        expect(await tokensOf(page)).toEqual([solved?.token]);
      } finally {
        await harness.closePage(page);
      }
    });

    it('bad options are a ConfigurationError naming the option, before anything is sent', async () => {
      const page = await open('none.html');
      try {
        const cases: [Partial<SolveCaptchasOptions>, RegExp][] = [
          [{ client: undefined }, /`client` must be a capkit client/],
          [{ timeoutMs: -1 }, /`timeoutMs` must be a finite number > 0 \(got -1\)/],
          [{ minScore: 2 }, /`minScore` must be a number from 0.1 to 0.9 \(got 2\)/],
          [{ frameTimeoutMs: Number.NaN }, /`frameTimeoutMs`/],
          [{ image: { image: '' } }, /`image.image` must be the CSS selector/],
        ];
        for (const [bad, message] of cases) {
          const error = await harness.solveCaptchas(page, { client, ...bad }).catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(ConfigurationError);
          expect(String(error)).toMatch(message);
        }
        expect(emulator.stats().createTaskCalls).toBe(0);
      } finally {
        await harness.closePage(page);
      }
    });

    it('hCaptcha is reported unsupported, and nothing is sent to the service', async () => {
      const page = await open('hcaptcha.html');
      try {
        expect(await harness.findCaptchas(page)).toMatchObject([{ kind: 'unsupported', vendor: 'hcaptcha' }]);
        const error = await harness.solveCaptchas(page, { client }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UnsupportedCaptchaError);
        expect(error).toMatchObject({ code: 'CAPTCHA_UNSUPPORTED', widget: 'div.h-captcha', frame: { path: 'main' } });
        expect(emulator.stats().createTaskCalls).toBe(0);
      } finally {
        await harness.closePage(page);
      }
    });

    it('a failed task is a CaptchaSolveError naming the frame, the widget and the service code', async () => {
      const page = await open('v2-checkbox.html');
      try {
        emulator.control.forceNext({ outcome: 'ERROR_CAPTCHA_UNSOLVABLE' });
        const error = await harness.solveCaptchas(page, { client }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CaptchaSolveError);
        expect(error).toMatchObject({
          code: 'ERROR_CAPTCHA_UNSOLVABLE',
          widget: 'div.g-recaptcha#login-captcha',
          frame: { path: 'main', url: `${site.origin}/v2-checkbox.html` },
          taskId: expect.any(String),
        });
        expect(String(error)).toContain('div.g-recaptcha#login-captcha in frame main');
        expect(await tokensOf(page)).toEqual([]);
      } finally {
        await harness.closePage(page);
      }
    });

    it('cancelling stops all work: no more queries, nothing injected', async () => {
      const page = await open('nested.html', { prepare: true });
      try {
        emulator.control.forceNext({ solveTimeMs: 60_000 });
        emulator.control.forceNext({ solveTimeMs: 60_000 });
        const controller = new AbortController();
        const waiting = new Set<string>();
        const onProgress = ({ captcha, progress }: { captcha: Captcha; progress: TaskProgress }) => {
          if (progress.step === 'waiting') waiting.add(captcha.id);
          if (waiting.size === 2) controller.abort();
        };
        const error = await harness
          .solveCaptchas(page, { client, signal: controller.signal, onProgress })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CaptchaSolveError);
        expect(error).toMatchObject({ code: 'ABORTED', taskId: expect.any(String) });
        // A query already on the wire when the signal fired may still be counted: let it land, then watch.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const queries = emulator.stats().queriesByTask;
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(emulator.stats().queriesByTask).toEqual(queries);
        expect(emulator.stats().tasksCreated).toBe(2);
        expect(await tokensOf(page, 'nested-outer')).toEqual([]);
        expect(await tokensOf(page, 'nested-inner')).toEqual([]);
      } finally {
        await harness.closePage(page);
      }
    });

    it('timeoutMs gives up with code TIMEOUT', async () => {
      const page = await open('turnstile.html');
      try {
        emulator.control.forceNext({ solveTimeMs: 60_000 });
        const error = await harness.solveCaptchas(page, { client, timeoutMs: 400 }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CaptchaSolveError);
        expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, widget: 'div.cf-turnstile#contact-turnstile' });
        expect(String(error)).toContain('did not finish within 400 ms');
      } finally {
        await harness.closePage(page);
      }
    });

    it('a hostile registry is read safely; a callback that throws is a CaptchaInjectionError', async () => {
      const page = await open('hostile.html');
      try {
        const found = await harness.findCaptchas(page);
        expect(found).toMatchObject([{ kind: 'recaptcha-v2', websiteKey: '6LcFixtureHostile00000000000000000000000' }]);
        const error = await harness.solveCaptchas(page, { client }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(CaptchaInjectionError);
        expect(error).toMatchObject({ code: 'CAPTCHA_INJECTION_FAILED', taskId: expect.any(String) });
        expect(String(error)).toContain("the site's callback broken threw: site bug");
      } finally {
        await harness.closePage(page);
      }
    });

    it('a page that navigated away meanwhile is a CaptchaInjectionError that keeps the taskId', async () => {
      const page = await open('v2-checkbox.html');
      try {
        emulator.control.forceNext({ solveTimeMs: 20_000 });
        let navigated: Promise<void> | undefined;
        const error = await harness
          .solveCaptchas(page, {
            client,
            onProgress: ({ progress }) => {
              navigated ??= progress.taskId ? harness.goto(page, `${site.origin}/none.html`) : undefined;
            },
          })
          .catch((caught: unknown) => caught);
        await navigated;
        expect(error).toBeInstanceOf(CaptchaInjectionError);
        expect(error).toMatchObject({ code: 'CAPTCHA_INJECTION_FAILED', taskId: expect.any(String) });
      } finally {
        await harness.closePage(page);
      }
    });
  });
}
