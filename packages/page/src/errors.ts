import { CapSolverError, type CapSolverErrorJSON, type CapSolverErrorOptions } from '@capkit/core';
import type { Captcha, FrameRef } from './Captcha.js';

/** Construction options of the page errors: the core options plus where it happened. */
export interface CaptchaPageErrorOptions extends CapSolverErrorOptions {
  /** The frame the captcha is in (or, when nothing was found, the main frame). */
  frame?: FrameRef | undefined;
  /** The widget, as it reads on the page (`div.g-recaptcha#login`). */
  widget?: string | undefined;
  /** The captcha concerned, when there is one. */
  captcha?: Captcha | undefined;
}

/**
 * The base of the errors of `@capkit/page` (and so of `@capkit/playwright` and `@capkit/puppeteer`):
 * a {@link CapSolverError} that also names the frame and the widget. `taskId` is set whenever a task was
 * created, so a paid-for token is never lost without trace.
 */
export class CaptchaPageError extends CapSolverError {
  static override readonly kind: string = 'CaptchaPageError';
  /** The frame the captcha is in. */
  readonly frame: FrameRef | undefined;
  /** The widget, as it reads on the page. */
  readonly widget: string | undefined;
  /** The captcha concerned (not serialized by `toJSON`: it holds the whole task, image included). */
  declare readonly captcha: Captcha | undefined;

  constructor(message: string, options: CaptchaPageErrorOptions = {}) {
    const { frame, widget, captcha, ...rest } = options;
    super(message, rest);
    this.frame = frame;
    this.widget = widget;
    // Non-enumerable, so that logging the error does not print a whole task (an image, say).
    Object.defineProperty(this, 'captcha', { value: captcha, enumerable: false });
  }

  /** The core fields plus `frame` and `widget` (never the captcha's task). */
  override toJSON(): CaptchaPageErrorJSON {
    const json: CaptchaPageErrorJSON = super.toJSON();
    if (this.frame !== undefined) json.frame = { ...this.frame };
    if (this.widget !== undefined) json.widget = this.widget;
    return json;
  }
}

/** The JSON form of a {@link CaptchaPageError}. */
export interface CaptchaPageErrorJSON extends CapSolverErrorJSON {
  frame?: FrameRef;
  widget?: string;
}

/** No captcha was found on the page (in any frame), or none passed the caller's `filter`. Code `CAPTCHA_NOT_FOUND`. */
export class CaptchaNotFoundError extends CaptchaPageError {
  static override readonly kind: string = 'CaptchaNotFoundError';

  constructor(message: string, options: CaptchaPageErrorOptions = {}) {
    super(message, { code: 'CAPTCHA_NOT_FOUND', ...options });
  }
}

/**
 * A captcha was found that cannot be solved (hCaptcha; an image captcha whose image cannot be read or that
 * has no input). Nothing was sent to the service. Code `CAPTCHA_UNSUPPORTED`.
 */
export class UnsupportedCaptchaError extends CaptchaPageError {
  static override readonly kind: string = 'UnsupportedCaptchaError';

  constructor(message: string, options: CaptchaPageErrorOptions = {}) {
    super(message, { code: 'CAPTCHA_UNSUPPORTED', ...options });
  }
}

/**
 * Solving a captcha failed: the service's or the client's error is the `cause` (and its `code`,
 * `retryable`, `taskId` and `queries` are copied here); `ABORTED` when the caller cancelled, `TIMEOUT`
 * when `timeoutMs` ran out.
 */
export class CaptchaSolveError extends CaptchaPageError {
  static override readonly kind: string = 'CaptchaSolveError';
}

/**
 * The token was obtained but could not be put into the page (the frame navigated or was removed, no field
 * nor callback was found, or the site's callback threw). `taskId` names the solved task. Code
 * `CAPTCHA_INJECTION_FAILED`.
 */
export class CaptchaInjectionError extends CaptchaPageError {
  static override readonly kind: string = 'CaptchaInjectionError';

  constructor(message: string, options: CaptchaPageErrorOptions = {}) {
    super(message, { code: 'CAPTCHA_INJECTION_FAILED', ...options });
  }
}
