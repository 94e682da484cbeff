/** The version of the saved-task record format this release writes. */
export const SAVED_TASK_VERSION = 2;

/**
 * The `state` of a saved record in the current machine's words. Version 1 records (written before the
 * machine's states were the service's lifecycle) name the client's steps: `starting` and `creating`
 * become `creating`; `waiting` and `querying` become the lifecycle state of the record's last status
 * (`processing`, else `idle`, which is also where the machine resumes such a task). Names the current
 * machine uses pass through.
 *
 * @example
 * ```ts
 * migrateSavedState(1, 'querying', 'processing'); // 'processing'
 * ```
 */
export function migrateSavedState(version: number, state: string, lastStatus: string | undefined): string {
  if (version >= SAVED_TASK_VERSION) return state;
  if (state === 'starting') return 'creating';
  if (state === 'waiting' || state === 'querying') return lastStatus === 'processing' ? 'processing' : 'idle';
  return state;
}
