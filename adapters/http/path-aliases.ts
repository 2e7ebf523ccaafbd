import type { FieldIssue } from '../../src/domain/errors.js';

/** A validation failure re-labelled for the API's parameter names; read like the facade's error. */
class RenamedValidationError extends Error {
  readonly tag = 'ValidationError';
  constructor(
    message: string,
    readonly path: string,
    readonly issues: ReadonlyArray<FieldIssue>,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * Runs `work` and renames field paths in a validation failure, for endpoints whose
 * parameter names differ from the facade's (the query string's `q` is the facade's `query`).
 */
export const withPathAliases = async <A>(
  aliases: Readonly<Record<string, string>>,
  work: () => Promise<A>,
): Promise<A> => {
  try {
    return await work();
  } catch (e) {
    if (typeof e !== 'object' || e === null) throw e;
    const r = e as Record<string, unknown>;
    if (r.tag !== 'ValidationError') throw e;
    const rename = (p: unknown): string => (typeof p === 'string' ? (aliases[p] ?? p) : '');
    const issues: FieldIssue[] = Array.isArray(r.issues)
      ? r.issues.flatMap((i: unknown) => {
          if (typeof i !== 'object' || i === null) return [];
          const { path, message } = i as Record<string, unknown>;
          return typeof message === 'string' ? [{ path: rename(path), message }] : [];
        })
      : [];
    throw new RenamedValidationError(
      typeof r.message === 'string' ? r.message : 'invalid input',
      rename(r.path),
      issues,
    );
  }
};
