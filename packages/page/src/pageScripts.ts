import { INJECT_IN_FRAME_SOURCE, INSTALL_HOOKS_SOURCE, SCAN_FRAME_SOURCE } from './generated/pageScriptSources.js';
import {
  PAGE_STATE_KEY,
  type ImageScan,
  type InjectInput,
  type InjectOutput,
  type RecaptchaScan,
  type ScanInput,
  type ScanOutput,
  type TurnstileScan,
  type UnsupportedScan,
} from './scripts/scriptTypes.js';

// The scripts travel as source text (generated from src/scripts/: see scripts/generate-page-scripts.mjs): each
// is a self-contained function, called with JSON arguments.
const call = (source: string, ...args: unknown[]): string =>
  `(${source})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;

/** The init script: watches `grecaptcha.execute` and `turnstile.render` from the first line of the site's code. */
export function hooksSource(): string {
  return `${call(INSTALL_HOOKS_SOURCE, PAGE_STATE_KEY)};`;
}

/** The expression that scans one frame (installing the hooks first if the init script did not). */
export function scanExpression(input: ScanInput): string {
  return `(async () => { ${call(INSTALL_HOOKS_SOURCE, PAGE_STATE_KEY)}; return ${call(SCAN_FRAME_SOURCE, PAGE_STATE_KEY, input)}; })()`;
}

/** The expression that injects one solved token. */
export function injectExpression(input: InjectInput): string {
  return `(() => { ${call(INSTALL_HOOKS_SOURCE, PAGE_STATE_KEY)}; return ${call(INJECT_IN_FRAME_SOURCE, PAGE_STATE_KEY, input)}; })()`;
}

// The page's answers are read field by field: a hostile page can return anything.
type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const listOf = <T>(value: unknown, parse: (entry: Fields) => T | undefined): T[] =>
  Array.isArray(value)
    ? value.flatMap((entry) => {
        const parsed = isFields(entry) ? parse(entry) : undefined;
        return parsed === undefined ? [] : [parsed];
      })
    : [];
const ref = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

function parseRecaptcha(entry: Fields): RecaptchaScan | undefined {
  const index = ref(entry.ref);
  const websiteKey = text(entry.websiteKey);
  if (index === undefined || !websiteKey) return undefined;
  return {
    ref: index,
    websiteKey,
    version: entry.version === 'v3' ? 'v3' : 'v2',
    enterprise: entry.enterprise === true,
    invisible: entry.invisible === true,
    pageAction: text(entry.pageAction),
    s: text(entry.s),
    apiDomain: text(entry.apiDomain),
    widgetId: typeof entry.widgetId === 'number' && Number.isFinite(entry.widgetId) ? entry.widgetId : undefined,
    widget: text(entry.widget) ?? 'reCAPTCHA widget',
  };
}

function parseTurnstile(entry: Fields): TurnstileScan | undefined {
  const index = ref(entry.ref);
  const websiteKey = text(entry.websiteKey);
  if (index === undefined || !websiteKey) return undefined;
  return {
    ref: index,
    websiteKey,
    action: text(entry.action),
    cdata: text(entry.cdata),
    widget: text(entry.widget) ?? 'Turnstile widget',
  };
}

function parseImage(entry: Fields): ImageScan | undefined {
  const index = ref(entry.ref);
  if (index === undefined) return undefined;
  return {
    ref: index,
    body: text(entry.body),
    hasInput: entry.hasInput === true,
    widget: text(entry.widget) ?? 'image',
  };
}

function parseUnsupported(entry: Fields): UnsupportedScan | undefined {
  if (entry.vendor !== 'hcaptcha') return undefined;
  return { vendor: 'hcaptcha', websiteKey: text(entry.websiteKey), widget: text(entry.widget) ?? 'hCaptcha widget' };
}

/** Reads a frame's scan result; anything malformed is dropped. */
export function parseScanOutput(value: unknown, fallbackUrl: string): ScanOutput {
  const fields = isFields(value) ? value : {};
  return {
    url: text(fields.url) ?? fallbackUrl,
    recaptcha: listOf(fields.recaptcha, parseRecaptcha),
    turnstile: listOf(fields.turnstile, parseTurnstile),
    images: listOf(fields.images, parseImage),
    unsupported: listOf(fields.unsupported, parseUnsupported),
  };
}

/** Reads an injection's result. */
export function parseInjectOutput(value: unknown): InjectOutput {
  if (!isFields(value)) return { ok: false, problem: 'the page gave no answer' };
  if (value.ok === true && Array.isArray(value.injected)) {
    const injected = value.injected.filter((entry): entry is string => typeof entry === 'string');
    return { ok: true, injected, callback: text(value.callback) };
  }
  return { ok: false, problem: text(value.problem) ?? 'the page gave no reason' };
}
