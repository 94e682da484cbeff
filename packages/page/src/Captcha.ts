import type { TaskOf } from '@capkit/api';

/** Where a captcha was found: the frame's position in the page's frame list, its URL and its path. */
export interface FrameRef {
  /** Position in the driver's frame list (0 = main frame). */
  index: number;
  /** The frame's URL when it was scanned. */
  url: string;
  /** `main`, or the chain of iframes down to it: `main > iframe 0 > iframe 1` (child positions). */
  path: string;
}

/** The task types `@capkit/page` creates for reCAPTCHA. */
export type RecaptchaTask =
  | TaskOf<'ReCaptchaV2TaskProxyLess'>
  | TaskOf<'ReCaptchaV2EnterpriseTaskProxyLess'>
  | TaskOf<'ReCaptchaV3TaskProxyLess'>
  | TaskOf<'ReCaptchaV3EnterpriseTaskProxyLess'>;

interface CaptchaBase {
  /** Unique within one `findCaptchas` result, e.g. `main/recaptcha-v2/0`. */
  id: string;
  frame: FrameRef;
  /** How the widget reads on the page: `div.g-recaptcha#login`, `grecaptcha widget 0`, `img#captcha`. */
  widget: string;
  /** The URL of the frame that hosts the widget (the task's `websiteURL`). */
  websiteURL: string;
  /** @internal The widget's handle in the frame's page state. */
  ref: number;
}

/** A reCAPTCHA widget: v2 (checkbox or invisible) or v3, classic or Enterprise. */
export interface RecaptchaCaptcha extends CaptchaBase {
  kind: 'recaptcha-v2' | 'recaptcha-v3';
  websiteKey: string;
  enterprise: boolean;
  /** v2 without a checkbox (and every v3). */
  isInvisible: boolean;
  /** v3: the action of the page's `grecaptcha.execute` calls; Enterprise v2: the `sa` / render `action`. */
  pageAction?: string | undefined;
  /** Enterprise: `{ s }` when the widget was rendered with an `s` value. */
  enterprisePayload?: { s: string } | undefined;
  /** The `___grecaptcha_cfg` widget id, when the registry holds the widget. */
  widgetId?: number | undefined;
  /** The task capkit creates for it (the page's user agent is added when solving). */
  task: RecaptchaTask;
}

/** A Cloudflare Turnstile widget. */
export interface TurnstileCaptcha extends CaptchaBase {
  kind: 'turnstile';
  websiteKey: string;
  /** `data-action` / the render option `action`. */
  action?: string | undefined;
  /** `data-cdata` / the render option `cData`. */
  cdata?: string | undefined;
  task: TaskOf<'AntiTurnstileTaskProxyLess'>;
}

/** A classic text image next to an input (selected by the caller with `image`). */
export interface ImageCaptcha extends CaptchaBase {
  kind: 'image-to-text';
  task: TaskOf<'ImageToTextTask'>;
}

/** Something that looks like a captcha but cannot be solved here; `reason` says why. */
export interface UnsupportedCaptcha extends CaptchaBase {
  kind: 'unsupported';
  /** `hcaptcha` (CapSolver no longer solves it), `image-to-text` (unreadable image or no input). */
  vendor: 'hcaptcha' | 'image-to-text';
  websiteKey?: string | undefined;
  reason: string;
  task?: undefined;
}

/** A captcha found on a page by `findCaptchas`. */
export type Captcha = RecaptchaCaptcha | TurnstileCaptcha | ImageCaptcha | UnsupportedCaptcha;

/** The captchas that can be solved (everything but {@link UnsupportedCaptcha}). */
export type SolvableCaptcha = Exclude<Captcha, UnsupportedCaptcha>;
