import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The slice of `node:fs/promises` an atomic write needs; replaceable to test failures. */
export interface AtomicWriteFileSystem {
  open(
    path: string,
    flags: string,
  ): Promise<{
    writeFile(data: Uint8Array): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeFileSystem: AtomicWriteFileSystem = { open, rename, unlink };

let sequence = 0;

/**
 * Writes `bytes` to a temporary file beside `target`, flushes it to disk and renames it
 * over `target`. A rename within one directory is atomic, so a crash at any point leaves
 * either the old file or the new one, never a mix.
 */
export const writeFileAtomically = async (
  target: string,
  bytes: Uint8Array,
  fs: AtomicWriteFileSystem = nodeFileSystem,
): Promise<void> => {
  const temporary = `${target}.tmp-${process.pid}-${sequence++}`;
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
};

/** Makes the rename itself durable; some platforms cannot open a directory, which is fine. */
const syncDirectory = async (directory: string): Promise<void> => {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
};
