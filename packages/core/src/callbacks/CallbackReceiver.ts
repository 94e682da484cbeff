/**
 * What a receiver hands a task when a callback for it arrived (the token matched). Core never reads
 * the request itself: the receiver (e.g. `@capkit/node`'s `startCallbackReceiver`) parses and
 * checks it, and core works whatever the payload was.
 */
export interface CallbackDelivery {
  /**
   * The result the payload reports, only when the receiver trusts payloads and this one validated
   * against the spec's getTaskResult schema. The task accepts it (and saves its confirming query)
   * only if it is `ready` with a solution and names the task's own `taskId`; otherwise, and when
   * absent, the task confirms with one getTaskResult at once.
   */
  result?: { taskId?: string | undefined; status: string; solution?: unknown } | undefined;
}

/** One task's callback endpoint, from {@link CallbackReceiver.listen}. */
export interface CallbackListener {
  /** The URL to send as `callbackUrl` (unguessable: it holds the token). */
  readonly url: string;
  /**
   * The secret token in the URL. It is saved with the task (`SerializedTask.callbackToken`) so a
   * resumed task listens on the same URL; treat it like a password (it lets a caller wake the task).
   */
  readonly token: string;
  /** Stops listening: later callbacks to the URL are answered like any unknown one. */
  close(): void;
}

/**
 * Where callbacks arrive, as core sees it: runtime-agnostic (no server, no crypto here). A receiver
 * gives each task its own URL and calls `onCallback` for each POST whose token matches.
 *
 * @example
 * ```ts
 * // @capkit/node
 * const receiver = await startCallbackReceiver({ port: 4000, publicUrl: 'https://me.example/cb' });
 * const client = createClient({ apiKey, callbackReceiver: receiver });
 * ```
 */
export interface CallbackReceiver {
  /**
   * Listens for one task's callbacks. With `token` (a saved task's), the same URL is opened again;
   * without, the receiver makes a new unguessable token.
   */
  listen(onCallback: (delivery: CallbackDelivery) => void, token?: string): CallbackListener;
}
