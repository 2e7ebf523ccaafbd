import { writeFileAtomically, type AtomicWriteFileSystem } from './atomic-file.js';

/**
 * Writes the database out after committed writes. Writes that land close together are
 * coalesced into one export; `flush()` (and `close()`) waits until everything committed
 * so far is on disk.
 */
export class FilePersistence {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** The last background failure, reported by the next `flush()` if it fails again. */
  lastError: unknown = undefined;

  constructor(
    private readonly file: string,
    /** Exports the database under the store's lock, outside any transaction. */
    private readonly exportDatabase: () => Promise<Uint8Array>,
    private readonly debounceMs: number,
    private readonly fileSystem?: AtomicWriteFileSystem,
  ) {}

  changed(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => {
        // kept dirty: the next write or close() tries again
        this.lastError = error;
      });
    }, this.debounceMs);
  }

  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // one write at a time, so an older image can never be renamed over a newer one
    const next = this.flushing.then(() => this.writeIfDirty());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async writeIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      const bytes = await this.exportDatabase();
      await writeFileAtomically(this.file, bytes, this.fileSystem);
      this.lastError = undefined;
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }
}
