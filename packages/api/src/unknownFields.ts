/**
 * Every field of an object the service sent, documented or not, typed as `unknown`: what
 * {@link unknownFields} returns.
 */
export type UnknownFields = Readonly<Record<string, unknown>>;

/**
 * The escape hatch of the exact types. `SolutionFor<T>` (and every response type) lists only the
 * fields the spec documents, so a misspelt field fails to compile; the runtime still keeps every
 * field the service sends. `unknownFields(solution)` reads them all, each as `unknown` (check it
 * before use), e.g. a field the service added after this SDK was released.
 *
 * @example
 * ```ts
 * const { solution } = await client.solve(task);
 * const score = unknownFields(solution)['score']; // unknown
 * if (typeof score === 'number') console.log(score);
 * ```
 */
export function unknownFields(value: object): UnknownFields {
  return Object.fromEntries(Object.entries(value));
}
