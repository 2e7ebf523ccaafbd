import { describeError, type DomainError, type DomainErrorTag, type FieldIssue } from '../domain/errors.js';

/**
 * The one error class the Promise facade rejects with. `tag` is the domain error's
 * `_tag` (`ValidationError`, `DuplicateEmail`, `SessionEnded`, ...), `error` the whole
 * domain error, and for validation failures `path` names the offending field.
 */
export class AssistantError extends Error {
  readonly tag: DomainErrorTag;
  readonly error: DomainError;
  readonly path: string | undefined;
  readonly issues: ReadonlyArray<FieldIssue>;

  constructor(error: DomainError) {
    super(describeError(error));
    this.name = 'AssistantError';
    this.tag = error._tag;
    this.error = error;
    this.path = error._tag === 'ValidationError' ? error.path : undefined;
    this.issues = error._tag === 'ValidationError' ? error.issues : [];
  }
}

/** True when `e` is an `AssistantError` (of that `_tag` when `tag` is given), so a `catch` can branch on it. */
export const isAssistantError = (e: unknown, tag?: DomainErrorTag): e is AssistantError =>
  e instanceof AssistantError && (tag === undefined || e.tag === tag);
