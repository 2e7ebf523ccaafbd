/** A migration file that was applied before has different contents now. */
export class MigrationChecksumMismatchError extends Error {
  readonly _tag = 'MigrationChecksumMismatch' as const;
  constructor(
    readonly file: string,
    readonly appliedChecksum: string,
    readonly currentChecksum: string,
  ) {
    super(
      `migration ${file} was changed after it was applied (applied sha256 ${appliedChecksum}, ` +
        `file now ${currentChecksum}); add a new numbered migration instead of editing an applied one`,
    );
    this.name = 'MigrationChecksumMismatchError';
  }
}

/** A statement of a migration file failed; the file's transaction was rolled back. */
export class MigrationFailedError extends Error {
  readonly _tag = 'MigrationFailed' as const;
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationFailedError';
  }
}
