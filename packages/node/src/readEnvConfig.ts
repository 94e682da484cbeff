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
  const apiKey = readEnvVar(ENV_VARS.apiKey, env);
  const baseUrl = readEnvVar(ENV_VARS.baseUrl, env);
  if (apiKey) config.apiKey = apiKey;
  if (baseUrl) config.baseUrl = baseUrl;
  return config;
}

/**
 * One variable of `env` (default `process.env`), trimmed; `undefined` when unset or blank. Each read is a
 * separate lookup because Deno grants environment access per variable (`--allow-env=CAPSOLVER_API_KEY`) and
 * throws on any other.
 */
export function readEnvVar(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
