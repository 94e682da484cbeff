// generated — do not edit. Source: spec/capsolver.openapi.yaml.
// Regenerate with `npm run codegen` (tools/codegen/generate.mjs); `npm run codegen:check` fails when stale.

import type { components } from './schema.js';

/** The API servers, primary first (`servers` of the spec). */
export const SERVERS = ['https://api.capsolver.com', 'https://api-stable.capsolver.com'] as const;

/** One of the API servers. */
export type Server = (typeof SERVERS)[number];

/** The API methods, each a `POST /<method>` (the `paths` of the spec). */
export const METHODS = ['createTask', 'getTaskResult', 'getBalance', 'getToken', 'feedbackTask'] as const;

/** One API method name. */
export type Method = (typeof METHODS)[number];

/** The service limits (`x-capkit-limits`): query budget per task, result lifetime, poll interval, solve window. */
export const LIMITS = {
  maxQueriesPerTask: 120,
  taskLifetimeMs: 300000,
  pollIntervalMs: 3000,
  solveTimeMinMs: 1000,
  solveTimeMaxMs: 30000,
  serverSolveTimeoutMs: 120000,
} as const;

/** The shape of `LIMITS` with plain numbers, for overrides such as `Partial<Limits>`. */
export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** Every task status (`TaskStatus` enum). `failed` is undocumented and kept for defence. */
export const TASK_STATUSES = ['idle', 'processing', 'ready', 'failed'] as const;

/** What an error means for the caller: whose fault it is and which remedy applies. */
export type ErrorCategory = 'auth' | 'balance' | 'invalid-task' | 'unsolvable' | 'rate-limit' | 'not-found' | 'service';

/** How to retry: `request` = resend the same request after a backoff; `new-task` = create a new task; `after-cooldown` = stop all traffic until the block expires; `no` = do not retry. */
export type RetryKind = 'request' | 'new-task' | 'after-cooldown' | 'no';

/** The catalogue entry of one error code. */
export interface ErrorCodeInfo {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly retry: RetryKind;
  readonly httpStatus: number;
  readonly description: string;
}

/** Every documented `errorCode` (`x-capkit-errors`), with its category and retry advice. */
export const ERROR_CODES = {
  /** The service is temporarily unavailable (probably load); retry later. Misspelt on the wire. */
  ERROR_SERVICE_UNAVALIABLE: {
    category: 'service',
    retryable: true,
    retry: 'request',
    httpStatus: 400,
    description: 'The service is temporarily unavailable (probably load); retry later. Misspelt on the wire.',
  },
  /** The request rate of your service package was exceeded; slow down. */
  ERROR_RATE_LIMIT: {
    category: 'rate-limit',
    retryable: true,
    retry: 'request',
    httpStatus: 400,
    description: 'The request rate of your service package was exceeded; slow down.',
  },
  /** The submitted task data is wrong; errorDescription names the field. */
  ERROR_INVALID_TASK_DATA: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The submitted task data is wrong; errorDescription names the field.',
  },
  /** A generic request error; contact support if it persists. */
  ERROR_BAD_REQUEST: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'A generic request error; contact support if it persists.',
  },
  /** The task ID is unknown or no longer exists (its 5 minutes or 120 queries ran out). */
  ERROR_TASKID_INVALID: {
    category: 'not-found',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The task ID is unknown or no longer exists (its 5 minutes or 120 queries ran out).',
  },
  /** The task was not solved within 120 seconds; create a new task. */
  ERROR_TASK_TIMEOUT: {
    category: 'unsolvable',
    retryable: true,
    retry: 'new-task',
    httpStatus: 400,
    description: 'The task was not solved within 120 seconds; create a new task.',
  },
  /** Charging the task failed; check the balance or contact support. */
  ERROR_SETTLEMENT_FAILED: {
    category: 'balance',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'Charging the task failed; check the balance or contact support.',
  },
  /** The account key is wrong; check clientKey. */
  ERROR_KEY_DENIED_ACCESS: {
    category: 'auth',
    retryable: false,
    retry: 'no',
    httpStatus: 401,
    description: 'The account key is wrong; check clientKey.',
  },
  /** The balance is too low for this task; top up. */
  ERROR_ZERO_BALANCE: {
    category: 'balance',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The balance is too low for this task; top up.',
  },
  /** The task type is wrong or not supported. */
  ERROR_TASK_NOT_SUPPORTED: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The task type is wrong or not supported.',
  },
  /** The captcha could not be solved (not charged); retry with a new task. */
  ERROR_CAPTCHA_UNSOLVABLE: {
    category: 'unsolvable',
    retryable: true,
    retry: 'new-task',
    httpStatus: 400,
    description: 'The captcha could not be solved (not charged); retry with a new task.',
  },
  /** Wrong question ID; the task usually cannot be processed. */
  ERROR_UNKNOWN_QUESTION: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'Wrong question ID; the task usually cannot be processed.',
  },
  /** Your proxy IP is banned by the target; retry with a different proxy. */
  ERROR_PROXY_BANNED: {
    category: 'unsolvable',
    retryable: true,
    retry: 'new-task',
    httpStatus: 400,
    description: 'Your proxy IP is banned by the target; retry with a different proxy.',
  },
  /** The image size does not meet the requirements. */
  ERROR_INVALID_IMAGE: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The image size does not meet the requirements.',
  },
  /** The image could not be parsed; check the base64. */
  ERROR_PARSE_IMAGE_FAIL: {
    category: 'invalid-task',
    retryable: false,
    retry: 'no',
    httpStatus: 400,
    description: 'The image could not be parsed; check the base64.',
  },
  /** Your IP is blocked after too many errors in a short time (about 1000 a minute gives 30 minutes). */
  ERROR_IP_BANNED: {
    category: 'rate-limit',
    retryable: true,
    retry: 'after-cooldown',
    httpStatus: 400,
    description: 'Your IP is blocked after too many errors in a short time (about 1000 a minute gives 30 minutes).',
  },
  /** The key is temporarily blocked for too many errors; it unblocks after 5 minutes. */
  ERROR_KEY_TEMP_BLOCKED: {
    category: 'rate-limit',
    retryable: true,
    retry: 'after-cooldown',
    httpStatus: 400,
    description: 'The key is temporarily blocked for too many errors; it unblocks after 5 minutes.',
  },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

/** A documented `errorCode`. The wire value is an open string; narrow it with `isErrorCode`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** What code acts on for an error code: its `ErrorCodeInfo` without the description. */
export type ErrorCodeRule = Omit<ErrorCodeInfo, 'description'>;

/** `ERROR_CODES` without the descriptions (same codes, same category and retry advice): import this compact table where bundle size matters and the descriptions are not shown (`@capkit/core` does). */
export const ERROR_CODE_RULES = {
  ERROR_SERVICE_UNAVALIABLE: { category: 'service', retryable: true, retry: 'request', httpStatus: 400 },
  ERROR_RATE_LIMIT: { category: 'rate-limit', retryable: true, retry: 'request', httpStatus: 400 },
  ERROR_INVALID_TASK_DATA: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_BAD_REQUEST: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_TASKID_INVALID: { category: 'not-found', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_TASK_TIMEOUT: { category: 'unsolvable', retryable: true, retry: 'new-task', httpStatus: 400 },
  ERROR_SETTLEMENT_FAILED: { category: 'balance', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_KEY_DENIED_ACCESS: { category: 'auth', retryable: false, retry: 'no', httpStatus: 401 },
  ERROR_ZERO_BALANCE: { category: 'balance', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_TASK_NOT_SUPPORTED: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_CAPTCHA_UNSOLVABLE: { category: 'unsolvable', retryable: true, retry: 'new-task', httpStatus: 400 },
  ERROR_UNKNOWN_QUESTION: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_PROXY_BANNED: { category: 'unsolvable', retryable: true, retry: 'new-task', httpStatus: 400 },
  ERROR_INVALID_IMAGE: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_PARSE_IMAGE_FAIL: { category: 'invalid-task', retryable: false, retry: 'no', httpStatus: 400 },
  ERROR_IP_BANNED: { category: 'rate-limit', retryable: true, retry: 'after-cooldown', httpStatus: 400 },
  ERROR_KEY_TEMP_BLOCKED: { category: 'rate-limit', retryable: true, retry: 'after-cooldown', httpStatus: 400 },
} as const satisfies { readonly [code in ErrorCode]: ErrorCodeRule };

/** `sync` tasks answer inside `createTask`; `async` tasks are polled with `getTaskResult`. */
export type TaskMode = 'sync' | 'async';

/** `none` (recognition), `built-in` (CapSolver's proxies, `…ProxyLess`) or `required` (the caller's proxy). */
export type ProxyNeed = 'none' | 'built-in' | 'required' | 'optional';

/** The captcha family of a task type; types of one family share a solution shape. */
export type TaskFamily = 'image-to-text' | 'recaptcha-v2-classification' | 'aws-waf-classification' | 'vision-engine' | 'recaptcha-v2' | 'recaptcha-v2-enterprise' | 'recaptcha-v3' | 'recaptcha-v3-enterprise' | 'geetest' | 'mtcaptcha' | 'datadome' | 'aws-waf' | 'turnstile' | 'cloudflare-challenge' | 'botdeflector';

/** The catalogue entry of one task type. */
export interface TaskTypeInfo {
  readonly mode: TaskMode;
  readonly proxy: ProxyNeed;
  readonly family: TaskFamily;
  /** Name of the solution schema in `components['schemas']`. */
  readonly solution: keyof components['schemas'];
  /** Whether `getToken` accepts this type. */
  readonly getToken: boolean;
}

/** Every current task type (`x-capkit-task` of each `Task` member), in the order of the spec. */
export const TASK_TYPES = {
  /** OCR of a text image. */
  ImageToTextTask: {
    mode: 'sync',
    proxy: 'none',
    family: 'image-to-text',
    solution: 'ImageToTextSolution',
    getToken: false,
  },
  /** Classify the cells of a reCAPTCHA v2 image grid. */
  ReCaptchaV2Classification: {
    mode: 'sync',
    proxy: 'none',
    family: 'recaptcha-v2-classification',
    solution: 'ReCaptchaV2ClassificationSolution',
    getToken: false,
  },
  /** Classify AWS WAF captcha images. */
  AwsWafClassification: {
    mode: 'sync',
    proxy: 'none',
    family: 'aws-waf-classification',
    solution: 'AwsWafClassificationSolution',
    getToken: false,
  },
  /** Slider, rotation and shein puzzles. */
  VisionEngine: {
    mode: 'sync',
    proxy: 'none',
    family: 'vision-engine',
    solution: 'VisionEngineSolution',
    getToken: false,
  },
  /** reCAPTCHA v2 token, solved through CapSolver's own proxies. */
  ReCaptchaV2TaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'recaptcha-v2',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v2 token through the caller's proxy. Dropped from the current type list but still used by the docs' examples and accepted by `getToken`. */
  ReCaptchaV2Task: {
    mode: 'async',
    proxy: 'required',
    family: 'recaptcha-v2',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v2 Enterprise token through the caller's proxy. */
  ReCaptchaV2EnterpriseTask: {
    mode: 'async',
    proxy: 'required',
    family: 'recaptcha-v2-enterprise',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v2 Enterprise token, solved through CapSolver's own proxies. */
  ReCaptchaV2EnterpriseTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'recaptcha-v2-enterprise',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v3 token through the caller's proxy. */
  ReCaptchaV3Task: {
    mode: 'async',
    proxy: 'required',
    family: 'recaptcha-v3',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v3 token, solved through CapSolver's own proxies. */
  ReCaptchaV3TaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'recaptcha-v3',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v3 Enterprise token through the caller's proxy. */
  ReCaptchaV3EnterpriseTask: {
    mode: 'async',
    proxy: 'required',
    family: 'recaptcha-v3-enterprise',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** reCAPTCHA v3 Enterprise token, solved through CapSolver's own proxies. */
  ReCaptchaV3EnterpriseTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'recaptcha-v3-enterprise',
    solution: 'ReCaptchaSolution',
    getToken: true,
  },
  /** GeeTest v3 (`gt` + `challenge`) or v4 (`captchaId`), through CapSolver's own proxies. */
  GeeTestTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'geetest',
    solution: 'GeeTestSolution',
    getToken: false,
  },
  /** GeeTest through the caller's proxy (older docs only; kept because clients still send it). */
  GeeTestTask: {
    mode: 'async',
    proxy: 'required',
    family: 'geetest',
    solution: 'GeeTestSolution',
    getToken: false,
  },
  /** MTCaptcha token, through the caller's proxy when one is given. The docs disagree: the parameter table marks `proxy` optional, the intro (and the RU page) say this type needs your own proxy. The official Go SDK checks only `websiteURL` and `websiteKey` before sending it, so capkit follows the table: the proxy is optional. */
  MtCaptchaTask: {
    mode: 'async',
    proxy: 'optional',
    family: 'mtcaptcha',
    solution: 'MtCaptchaSolution',
    getToken: false,
  },
  /** MTCaptcha token, solved through CapSolver's own proxies. */
  MtCaptchaTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'mtcaptcha',
    solution: 'MtCaptchaSolution',
    getToken: false,
  },
  /** DataDome slider and interstitial (device check); the docs' table spells it `DataDomeSliderTask`. */
  DatadomeSliderTask: {
    mode: 'async',
    proxy: 'required',
    family: 'datadome',
    solution: 'DatadomeSliderSolution',
    getToken: false,
  },
  /** AWS WAF token through the caller's proxy. */
  AntiAwsWafTask: {
    mode: 'async',
    proxy: 'required',
    family: 'aws-waf',
    solution: 'AntiAwsWafSolution',
    getToken: false,
  },
  /** AWS WAF token, solved through CapSolver's own proxies. */
  AntiAwsWafTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'aws-waf',
    solution: 'AntiAwsWafSolution',
    getToken: false,
  },
  /** Cloudflare Turnstile token; no proxy variant is documented. */
  AntiTurnstileTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'turnstile',
    solution: 'AntiTurnstileSolution',
    getToken: false,
  },
  /** Cloudflare Challenge ("Just a moment…"); needs a static or sticky (not rotating) proxy. */
  AntiCloudflareTask: {
    mode: 'async',
    proxy: 'required',
    family: 'cloudflare-challenge',
    solution: 'AntiCloudflareSolution',
    getToken: false,
  },
  /** BotDeflector token, solved through CapSolver's own proxies. */
  AntiBotdeflectorTaskProxyLess: {
    mode: 'async',
    proxy: 'built-in',
    family: 'botdeflector',
    solution: 'AntiBotdeflectorSolution',
    getToken: false,
  },
} as const satisfies Readonly<Record<string, TaskTypeInfo>>;

/** A current task type name (the discriminator of `Task`). */
export type TaskType = keyof typeof TASK_TYPES;

/** The task types answered inside `createTask` (`mode: 'sync'` in `TASK_TYPES`, recognition tasks), in spec order: a compact alternative to `TASK_TYPES` where only the mode matters. */
export const SYNC_TASK_TYPES = ['ImageToTextTask', 'ReCaptchaV2Classification', 'AwsWafClassification', 'VisionEngine'] as const satisfies ReadonlyArray<TaskType>;

/** Other spellings of task type names, seen in the docs and in official or popular clients (`x-capkit-aliases`), each mapped to its canonical `TaskType`. Type names also match case-insensitively; `canonicalTaskType` applies both rules. */
export const TASK_TYPE_ALIASES = {
  ReCaptchaV2TaskProxyless: 'ReCaptchaV2TaskProxyLess',
  RecaptchaV2TaskProxyLess: 'ReCaptchaV2TaskProxyLess',
  RecaptchaV2Task: 'ReCaptchaV2Task',
  ReCaptchaV2EnterpriseTaskProxyless: 'ReCaptchaV2EnterpriseTaskProxyLess',
  ReCaptchaV3TaskProxyless: 'ReCaptchaV3TaskProxyLess',
  ReCaptchaV3EnterpriseTaskProxyless: 'ReCaptchaV3EnterpriseTaskProxyLess',
  GeetestTaskProxyless: 'GeeTestTaskProxyLess',
  GeeTestTaskProxyless: 'GeeTestTaskProxyLess',
  MTCaptchaTask: 'MtCaptchaTask',
  MTCaptchaTaskProxyLess: 'MtCaptchaTaskProxyLess',
  MTCaptchaTaskProxyless: 'MtCaptchaTaskProxyLess',
  DataDomeSliderTask: 'DatadomeSliderTask',
  AntiAwsWafTaskProxyless: 'AntiAwsWafTaskProxyLess',
  AntiTurnstileTaskProxyless: 'AntiTurnstileTaskProxyLess',
  AntiTurnstileTask: 'AntiTurnstileTaskProxyLess',
} as const satisfies { readonly [alias: string]: TaskType };

/** The solution shape of each task type (`x-capkit-task.solution`). */
export interface SolutionMap {
  ImageToTextTask: components['schemas']['ImageToTextSolution'];
  ReCaptchaV2Classification: components['schemas']['ReCaptchaV2ClassificationSolution'];
  AwsWafClassification: components['schemas']['AwsWafClassificationSolution'];
  VisionEngine: components['schemas']['VisionEngineSolution'];
  ReCaptchaV2TaskProxyLess: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV2Task: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV2EnterpriseTask: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV2EnterpriseTaskProxyLess: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV3Task: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV3TaskProxyLess: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV3EnterpriseTask: components['schemas']['ReCaptchaSolution'];
  ReCaptchaV3EnterpriseTaskProxyLess: components['schemas']['ReCaptchaSolution'];
  GeeTestTaskProxyLess: components['schemas']['GeeTestSolution'];
  GeeTestTask: components['schemas']['GeeTestSolution'];
  MtCaptchaTask: components['schemas']['MtCaptchaSolution'];
  MtCaptchaTaskProxyLess: components['schemas']['MtCaptchaSolution'];
  DatadomeSliderTask: components['schemas']['DatadomeSliderSolution'];
  AntiAwsWafTask: components['schemas']['AntiAwsWafSolution'];
  AntiAwsWafTaskProxyLess: components['schemas']['AntiAwsWafSolution'];
  AntiTurnstileTaskProxyLess: components['schemas']['AntiTurnstileSolution'];
  AntiCloudflareTask: components['schemas']['AntiCloudflareSolution'];
  AntiBotdeflectorTaskProxyLess: components['schemas']['AntiBotdeflectorSolution'];
}
