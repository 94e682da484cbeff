import { hostname } from 'node:os';
import { open, readFile, rm, stat, utimes } from 'node:fs/promises';

/** Who holds a task file's lease. */
interface LeaseOwner {
  pid: number;
  host: string;
}

/** The lease of one process over task files: only the owner lists, saves and polls a task. */
export interface FileLease {
  /** Takes the lease of `file` (or renews ours): `false` when another live process holds it. */
  claim(file: string): Promise<boolean>;
  /** Gives it up (the task was removed). */
  release(file: string): Promise<void>;
}

let me: LeaseOwner | undefined;
/**
 * This process, read on the first lease rather than at import: Deno asks for a permission to read the host
 * name (`--allow-sys=hostname`), which only a program that uses a file store should need.
 */
const self = (): LeaseOwner => {
  me ??= { pid: process.pid, host: hostname() };
  return me;
};
/** How old an unreadable lock must be before it counts as torn (its writer died mid-write). */
const TORN_LOCK_MS = 5_000;

/**
 * Whether a process of this host with that pid is alive (a signal-0 probe; EPERM means alive, someone else's),
 * or `undefined` when the probe is not allowed (Deno without `--allow-run`): then only the lease's age counts,
 * so a live owner's lease is never taken over.
 */
function isAlive(pid: number): boolean | undefined {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    return code === 'EPERM' ? true : undefined;
  }
}

/**
 * Leases as `<file>.lock` files created with `O_EXCL` (`wx`), holding the owner's pid and host. A
 * lease is taken over when its owner is dead (same host: the pid is gone) or, for another host, when
 * it has not been renewed (every save touches it) for `staleMs`, longer than a task's lifetime.
 */
export function createFileLease(staleMs: number): FileLease {
  const lockOf = (file: string) => `${file}.lock`;

  const tryCreate = async (lock: string): Promise<boolean> => {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(self()));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  };

  const isStale = async (lock: string, owner: LeaseOwner | undefined): Promise<boolean> => {
    const alive = owner?.host === self().host ? isAlive(owner.pid) : undefined;
    if (alive !== undefined) return !alive;
    const info = await stat(lock).catch(() => undefined);
    if (info === undefined) return true;
    // Unreadable (its writer died between create and write): stale once it is clearly not being written.
    const age = Date.now() - info.mtimeMs;
    return owner === undefined ? age > TORN_LOCK_MS : age > staleMs;
  };
  const readOwner = (lock: string): Promise<LeaseOwner | undefined> =>
    readFile(lock, 'utf8')
      .then((text) => JSON.parse(text) as LeaseOwner)
      .catch(() => undefined);
  const isMine = (owner: LeaseOwner | undefined) => owner?.pid === self().pid && owner.host === self().host;

  return {
    async claim(file) {
      const lock = lockOf(file);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        // After a takeover, another taker may have removed ours in between: only the lease on disk counts.
        if (await tryCreate(lock)) return attempt === 0 || isMine(await readOwner(lock));
        const owner = await readOwner(lock);
        if (isMine(owner)) {
          const now = new Date();
          await utimes(lock, now, now).catch(() => undefined);
          return true;
        }
        if (!(await isStale(lock, owner))) return false;
        // The owner is gone: take over (one of two racing takers wins the `wx` create).
        await rm(lock, { force: true });
      }
      return false;
    },
    release: (file) => rm(lockOf(file), { force: true }),
  };
}
