import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seals task ids into opaque handles bound to one session, and opens them again. */
export interface TaskIdSealer {
  /** An opaque handle for `taskId` that only `open(handle, session)` with the same session turns back into it. */
  seal(taskId: string, session: string): string;
  /** The task id inside `handle`, or `undefined` when it was not sealed here for this session (or was altered). */
  open(handle: unknown, session: string): string | undefined;
}

const PREFIX = 'cpk1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with the session as additional data: the browser holds a handle it cannot read (the
 * service's task id stays on the server) and cannot use in another session (the tag check fails),
 * and no server-side map is needed, so handles survive across instances that share the secret.
 */
export function createTaskIdSealer(secret: string | Uint8Array): TaskIdSealer {
  const key = createHash('sha256').update('capkit proxy task handles\0').update(secret).digest();
  return {
    seal(taskId, session) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(session, 'utf8'));
      const sealed = Buffer.concat([iv, cipher.update(taskId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return PREFIX + sealed.toString('base64url');
    },
    open(handle, session) {
      if (typeof handle !== 'string' || !handle.startsWith(PREFIX)) return undefined;
      const sealed = Buffer.from(handle.slice(PREFIX.length), 'base64url');
      if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(session, 'utf8'));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        // A wrong session, another secret, or a handle altered on its way: not a task of this session.
        return undefined;
      }
    },
  };
}
