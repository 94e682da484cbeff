import { scaleLimits, type CapSolverClient, type Redactor } from '@capkit/core';
import type { NodeClientOptions } from '@capkit/node';
import { CliError, usageError } from './CliError.js';
import type { CommandContext } from './CommandContext.js';
import { loggingFetch } from './createCliLogger.js';
import { EXIT_CODES } from './exitCodes.js';
import { refuseSecret, type SecretPlace } from './refuseSecret.js';

/** The variable that scales the client's limits to match an emulator started with `--time-scale`. */
export const TIME_SCALE_VAR = 'CAPKIT_TIME_SCALE';

const BASE_URL_PLACE: SecretPlace = {
  field: 'baseUrl',
  hint: 'the base URL (--base-url or CAPSOLVER_BASE_URL): are CAPSOLVER_API_KEY and CAPSOLVER_BASE_URL swapped?',
};

/**
 * Creates the `@capkit/node` client a command talks through: key and base URL from `--api-key` /
 * `--base-url`, else `CAPSOLVER_API_KEY` / `CAPSOLVER_BASE_URL`. A missing key is an auth failure
 * (exit 4), reported before any request. `@capkit/node` (and undici with it) is loaded only here, so
 * `--help`, usage errors and the emulator start without paying for it.
 *
 * A base URL that holds the key, or is no URL at all (the key and the URL swapped), is refused with
 * exit 2 without quoting it; the core's own checks (https, loopback) follow.
 *
 * `CAPKIT_TIME_SCALE` scales the poll interval and lifetime to match a time-scaled emulator
 * (`capkit emulator --time-scale 0.1`). It is refused for anything but a loopback base URL: polling
 * the real service faster than documented would break its rules.
 */
export async function createCliClient(
  context: CommandContext,
  options: NodeClientOptions = {},
): Promise<CapSolverClient> {
  const { createClient, createKeepAliveFetch, readEnvConfig } = await import('@capkit/node');
  const env = readEnvConfig(context.io.env);
  const apiKey = context.globals.apiKey ?? env.apiKey;
  if (!apiKey) {
    throw new CliError(
      'No API key: set CAPSOLVER_API_KEY (or pass --api-key). Try `capkit demo` to run without an account.',
      {
        exitCode: EXIT_CODES.auth,
        code: 'CAPKIT_NO_API_KEY',
        category: 'auth',
      },
    );
  }
  if (context.globals.apiKey)
    context.output.note('note: --api-key ends up in shell history and process lists; prefer CAPSOLVER_API_KEY.');
  const baseUrl = context.globals.baseUrl ?? env.baseUrl;
  checkBaseUrl(baseUrl, context.redactor);
  const timeScale = readTimeScale(context.io.env[TIME_SCALE_VAR], baseUrl);
  const { logger } = context;
  const { requestTimeout } = context.globals;
  return createClient({
    ...options,
    env: {},
    apiKey,
    logger,
    // Each request is logged only when asked for: the default keeps the plain keep-alive fetch.
    ...(logger.level === 'debug' ? { fetch: loggingFetch(createKeepAliveFetch(), logger) } : {}),
    ...(requestTimeout === undefined ? {} : { timeoutMs: requestTimeout * 1000 }),
    ...(baseUrl ? { baseUrl } : {}),
    ...(timeScale === undefined ? {} : { limits: scaleLimits(timeScale) }),
  });
}

/** Refuses, without echoing it, a base URL that could be a key: one holding the key, or one that is no URL. */
function checkBaseUrl(baseUrl: string | undefined, redactor: Redactor): void {
  if (baseUrl === undefined) return;
  refuseSecret(baseUrl, BASE_URL_PLACE, redactor);
  if (!URL.canParse(baseUrl)) {
    throw usageError(
      'The base URL (--base-url or CAPSOLVER_BASE_URL) is not a URL; expected e.g. https://api.capsolver.com. ' +
        'It is not shown: a value that is no URL may be a key in the wrong place.',
      { field: 'baseUrl' },
    );
  }
}

function readTimeScale(value: string | undefined, baseUrl: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const scale = Number(value);
  if (!(scale > 0 && scale <= 1))
    throw usageError(`${TIME_SCALE_VAR}="${value}" must be a number in (0, 1]`, { field: TIME_SCALE_VAR });
  if (!baseUrl || !isLoopbackUrl(baseUrl)) {
    throw usageError(`${TIME_SCALE_VAR} only applies to a local emulator: set CAPSOLVER_BASE_URL to its loopback URL`, {
      field: TIME_SCALE_VAR,
    });
  }
  return scale;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  } catch {
    return false;
  }
}
