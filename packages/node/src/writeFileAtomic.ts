import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The suffix of the temporary files {@link writeFileAtomic} creates (and a crash may leave behind). */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` with `data` so that a reader (or a process started after a crash) sees either the old
 * content or the new one, never a torn mix: write a temporary file in the same directory, `fsync` it,
 * `rename` it over the target (atomic on POSIX and NTFS), then `fsync` the directory so the rename itself
 * survives a power loss.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Flushes a directory entry; Windows cannot open directories, where the rename is durable enough. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
