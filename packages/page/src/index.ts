/**
 * `@capkit/page`: find the captchas of a browser page (every frame), solve them through a capkit client
 * and put the tokens in, firing the site's callbacks — for any automation library that can evaluate a
 * script in a frame. `@capkit/playwright` and `@capkit/puppeteer` are this over their `Page`.
 * @packageDocumentation
 */
export type {
  Captcha,
  FrameRef,
  ImageCaptcha,
  RecaptchaCaptcha,
  RecaptchaTask,
  SolvableCaptcha,
  TurnstileCaptcha,
  UnsupportedCaptcha,
} from './Captcha.js';
export {
  CaptchaInjectionError,
  CaptchaNotFoundError,
  CaptchaPageError,
  CaptchaSolveError,
  UnsupportedCaptchaError,
  type CaptchaPageErrorJSON,
  type CaptchaPageErrorOptions,
} from './errors.js';
export { findCaptchas, locateCaptchas, type FindCaptchasOptions, type LocatedCaptcha } from './findCaptchas.js';
export type { FrameDriver, FrameEntry, PageDriver } from './PageDriver.js';
export { preparePage } from './preparePage.js';
export { solveCaptchas, type CaptchaProgress, type SolveCaptchasOptions, type SolvedCaptcha } from './solveCaptchas.js';
export type { ImageCaptchaSelector } from './scripts/scriptTypes.js';
export {
  createCapkitPlugin,
  isCapkitPage,
  type CapkitExtraPlugin,
  type CapkitPage,
  type CapkitPageMethods,
  type CapkitPluginHost,
  type CapkitPluginOptions,
} from './createCapkitPlugin.js';
