/**
 * The plain data the in-page scripts take and give back. Everything here crosses the driver's
 * `evaluate` boundary as JSON, so it holds no functions and no elements: those stay in the page, in
 * the frame's {@link PAGE_STATE_KEY} state, and are named by `ref`.
 */

/** Where the scripts keep their state in a frame's window: `window[Symbol.for(PAGE_STATE_KEY)]`. */
export const PAGE_STATE_KEY = '@capkit/page';

/** What the caller wants found besides the widgets: a classic image captcha (ImageToText). */
export interface ImageCaptchaSelector {
  /** CSS selector of the captcha `<img>` (or `<canvas>`), e.g. `'img#captcha'`. */
  image: string;
  /**
   * CSS selector of the text input the answer goes into. Default: the first text input after the image
   * in its form (or, without a form, in the image's nearest ancestor that has one).
   */
  input?: string | undefined;
}

/** Input of {@link scanFrame}. */
export interface ScanInput {
  /** The image captcha to look for, if the caller selected one. */
  image?: ImageCaptchaSelector | undefined;
  /** URLs of this frame's child frames, as the driver sees them (closed shadow roots hide some iframes). */
  childFrameUrls: string[];
}

/** A reCAPTCHA widget (v2 checkbox / invisible, v3, Enterprise) found in one frame. */
export interface RecaptchaScan {
  ref: number;
  websiteKey: string;
  version: 'v2' | 'v3';
  enterprise: boolean;
  invisible: boolean;
  /** The action: v3's `grecaptcha.execute(key, { action })`, Enterprise v2's `sa` / render `action`. */
  pageAction?: string | undefined;
  /** The `s` value (Enterprise `enterprisePayload.s`, or `data-s` for the non-enterprise widget). */
  s?: string | undefined;
  /** `recaptcha.net` when the widget is served from there rather than google.com. */
  apiDomain?: string | undefined;
  /** The registry's widget id (`___grecaptcha_cfg.clients` key), when known. */
  widgetId?: number | undefined;
  /** How the widget reads in the DOM, e.g. `div.g-recaptcha#login`. */
  widget: string;
}

/** A Cloudflare Turnstile widget found in one frame. */
export interface TurnstileScan {
  ref: number;
  websiteKey: string;
  action?: string | undefined;
  cdata?: string | undefined;
  widget: string;
}

/** A classic image captcha found in one frame (from the caller's selectors). */
export interface ImageScan {
  ref: number;
  /** The image as base64 (no `data:` prefix); absent when the page's canvas could not read it. */
  body?: string | undefined;
  /** Whether an input for the answer was found. */
  hasInput: boolean;
  widget: string;
}

/** A captcha capkit cannot solve (hCaptcha: CapSolver dropped it), reported so the caller knows. */
export interface UnsupportedScan {
  vendor: 'hcaptcha';
  websiteKey?: string | undefined;
  widget: string;
}

/** Output of {@link scanFrame}. */
export interface ScanOutput {
  /** The frame's `location.href`. */
  url: string;
  recaptcha: RecaptchaScan[];
  turnstile: TurnstileScan[];
  images: ImageScan[];
  unsupported: UnsupportedScan[];
}

/** Input of {@link injectInFrame}. */
export interface InjectInput {
  kind: 'recaptcha' | 'turnstile' | 'image';
  ref: number;
  /** The token (or the recognised text for images). */
  value: string;
  /**
   * `fill` sets the fields and the wrapped API and names the callback; `callback` then fires it. Two steps,
   * because a callback that submits the form navigates away before its evaluation can answer.
   */
  step: 'fill' | 'callback';
}

/** Output of {@link injectInFrame}: what was done, or why nothing could be. */
export type InjectOutput =
  { ok: true; injected: string[]; callback?: string | undefined } | { ok: false; problem: string };

/** A widget the scan found, kept in the page so the injection can reach its elements and callback. */
export interface WidgetRecord {
  kind: 'recaptcha' | 'turnstile' | 'image';
  websiteKey: string;
  /** The element the widget lives in (the `.g-recaptcha` / `.cf-turnstile` div, the image). */
  container: Element | null;
  /** The site's callback: a function from the registry or render options, or a global's name (`data-callback`). */
  callback: unknown;
  /** reCAPTCHA: the registry's widget id; Turnstile: what `turnstile.render` returned. */
  widgetId: unknown;
  version?: 'v2' | 'v3' | undefined;
  enterprise?: boolean | undefined;
  invisible?: boolean | undefined;
  /** Turnstile: the name of its hidden response input (`response-field-name`, default `cf-turnstile-response`). */
  responseField?: string | undefined;
  /** Image captchas: the answer's input. */
  input?: Element | null | undefined;
}

/** What the page scripts keep in a frame's window (see {@link PAGE_STATE_KEY}). */
export interface PageState {
  /** Calls of `grecaptcha.execute` / `grecaptcha.enterprise.execute` seen by the hooks. */
  executeCalls: { key: string; action: string | undefined; enterprise: boolean }[];
  /** Calls of `turnstile.render` seen by the hooks: the container and the options. */
  turnstileRenders: { container: Element | null; options: unknown; widgetId: unknown }[];
  /** Every widget a scan found, by `ref`. */
  widgets: WidgetRecord[];
  /** Tokens injected, for the wrapped `getResponse` / `execute`: reCAPTCHA by widget id and by site key. */
  recaptchaByWidget: Map<unknown, string>;
  recaptchaByKey: Map<string, string>;
  turnstileByWidget: Map<unknown, string>;
  /** Functions the scripts wrapped, so that nothing is wrapped twice. */
  wrapped: WeakSet<object>;
}
