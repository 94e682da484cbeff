import { reachableStrings } from './reachableStrings.js';

/** The recognisable key every secrets test uses. */
export const SECRET_KEY = 'CAP-SECRET-0123456789abcdef-DO-NOT-LEAK';
/** Its distinctive middle: a leak that cut the key short would still show it. */
const SECRET_CORE = '0123456789abcdef';

/** One place the key showed up. */
export interface SecretHit {
  scenario: string;
  observable: string;
  /** The text around the hit. */
  excerpt: string;
}

/** Scans observables for the key and keeps score per scenario and kind of observable. */
export interface SecretScan {
  /** Scans `value` (walked deeply, see `reachableStrings`) as `observable` of `scenario`. */
  check(scenario: string, observable: string, value: unknown, seen?: WeakSet<object>): void;
  readonly hits: readonly SecretHit[];
  /** How many texts were looked at, per scenario and observable. */
  readonly counts: ReadonlyMap<string, Map<string, number>>;
}

/** Whether a text holds the key, or enough of it to matter. */
export function leaksSecret(text: string): boolean {
  return text.includes(SECRET_KEY) || text.includes(SECRET_CORE);
}

/**
 * Creates a scan. Every observable is turned into all the strings it exposes and each is searched for
 * the key; a hit records where, so a failing test says exactly which output leaked.
 */
export function createSecretScan(): SecretScan {
  const hits: SecretHit[] = [];
  const counts = new Map<string, Map<string, number>>();
  return {
    hits,
    counts,
    check(scenario, observable, value, seen) {
      const texts = reachableStrings(value, seen);
      const perScenario = counts.get(scenario) ?? new Map<string, number>();
      perScenario.set(observable, (perScenario.get(observable) ?? 0) + texts.length);
      counts.set(scenario, perScenario);
      for (const text of texts) {
        if (!leaksSecret(text)) continue;
        const at = Math.max(0, text.indexOf(SECRET_CORE) - 60);
        hits.push({ scenario, observable, excerpt: text.slice(at, at + 160) });
      }
    },
  };
}
