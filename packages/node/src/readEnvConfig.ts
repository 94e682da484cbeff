/** The environment variables `@capkit/node` reads. */
export const ENV_VARS = {
  apiKey: 'CAPSOLVER_API_KEY',
  baseUrl: 'CAPSOLVER_BASE_URL',
} as const;

/** What {@link readEnvConfig} found; a field is absent when its variable is unset or blank. */
export interface EnvConfig {
  apiKey?: string;
  baseUrl?: string;
}

/**
 * Reads `CAPSOLVER_API_KEY` and `CAPSOLVER_BASE_URL` from `env` (default `process.env`).
 *
 * Values are trimmed because keys pasted into `.env` files often carry a trailing newline or space, which
 * the service would reject as an unknown key. Blank values count as unset.
 *
 * @example
 * ```ts
 * const { apiKey, baseUrl } = readEnvConfig();
 * ```
 */
export function readEnvConfig(env: Readonly<Record<string, string | undefined>> = process.env): EnvConfig {
  const config: EnvConfig = {};
  const apiKey = env[ENV_VARS.apiKey]?.trim();
  const baseUrl = env[ENV_VARS.baseUrl]?.trim();
  if (apiKey) config.apiKey = apiKey;
  if (baseUrl) config.baseUrl = baseUrl;
  return config;
}
