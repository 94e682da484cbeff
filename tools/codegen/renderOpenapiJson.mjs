import { JSON_MARKER, JSON_MARKER_KEY } from './header.mjs';

/**
 * The spec as JSON, for runtime consumers (ajv validators in the emulator and the CLI).
 * @param {Record<string, any>} spec
 * @returns {string}
 */
export function renderOpenapiJson(spec) {
  return `${JSON.stringify({ [JSON_MARKER_KEY]: JSON_MARKER, ...spec }, null, 2)}\n`;
}
