/**
 * Every failure a use-case can report, as plain data with a `_tag`.
 * Adapters translate driver errors into these at their boundary, so callers never
 * see a driver class or have to parse a message.
 */

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `rating` or `entries.3.question`; `` for the whole input. */
  readonly path: string;
  readonly message: string;
}

export interface ValidationError {
  readonly _tag: 'ValidationError';
  /** Path of the first offending field (see `issues` for all of them). */
  readonly path: string;
  readonly message: string;
  readonly issues: ReadonlyArray<FieldIssue>;
}
export interface DuplicateUsername {
  readonly _tag: 'DuplicateUsername';
  readonly username: string;
}
export interface DuplicateEmail {
  readonly _tag: 'DuplicateEmail';
  readonly email: string;
}
export interface VisitorNotFound {
  readonly _tag: 'VisitorNotFound';
  readonly visitor: number | string;
}
export interface UserNotFound {
  readonly _tag: 'UserNotFound';
  readonly userId: number;
}
export interface SessionNotFound {
  readonly _tag: 'SessionNotFound';
  readonly session: number | string;
}
export interface SessionEnded {
  readonly _tag: 'SessionEnded';
  readonly session: number | string;
}
export interface KnowledgeEntryNotFound {
  readonly _tag: 'KnowledgeEntryNotFound';
  readonly entryId: number;
}
export interface VisitorAlreadyConverted {
  readonly _tag: 'VisitorAlreadyConverted';
  readonly visitor: number | string;
}
export interface StorageUnavailable {
  readonly _tag: 'StorageUnavailable';
  readonly message: string;
}
export interface EmbeddingFailed {
  readonly _tag: 'EmbeddingFailed';
  readonly message: string;
}
export interface AnswerGenerationFailed {
  readonly _tag: 'AnswerGenerationFailed';
  readonly message: string;
}

export type DomainError =
  | ValidationError
  | DuplicateUsername
  | DuplicateEmail
  | VisitorNotFound
  | UserNotFound
  | SessionNotFound
  | SessionEnded
  | KnowledgeEntryNotFound
  | VisitorAlreadyConverted
  | StorageUnavailable
  | EmbeddingFailed
  | AnswerGenerationFailed;

export type DomainErrorTag = DomainError['_tag'];

export const validationError = (issues: ReadonlyArray<FieldIssue>): ValidationError => {
  const first = issues[0] ?? { path: '', message: 'invalid input' };
  return { _tag: 'ValidationError', path: first.path, message: first.message, issues };
};
export const duplicateUsername = (username: string): DuplicateUsername => ({ _tag: 'DuplicateUsername', username });
export const duplicateEmail = (email: string): DuplicateEmail => ({ _tag: 'DuplicateEmail', email });
export const visitorNotFound = (visitor: number | string): VisitorNotFound => ({ _tag: 'VisitorNotFound', visitor });
export const userNotFound = (userId: number): UserNotFound => ({ _tag: 'UserNotFound', userId });
export const sessionNotFound = (session: number | string): SessionNotFound => ({ _tag: 'SessionNotFound', session });
export const sessionEnded = (session: number | string): SessionEnded => ({ _tag: 'SessionEnded', session });
export const knowledgeEntryNotFound = (entryId: number): KnowledgeEntryNotFound => ({
  _tag: 'KnowledgeEntryNotFound',
  entryId,
});
export const visitorAlreadyConverted = (visitor: number | string): VisitorAlreadyConverted => ({
  _tag: 'VisitorAlreadyConverted',
  visitor,
});
export const storageUnavailable = (message: string): StorageUnavailable => ({ _tag: 'StorageUnavailable', message });
export const embeddingFailed = (message: string): EmbeddingFailed => ({ _tag: 'EmbeddingFailed', message });
export const answerGenerationFailed = (message: string): AnswerGenerationFailed => ({
  _tag: 'AnswerGenerationFailed',
  message,
});

/** A short human-readable description of any domain error. */
export const describeError = (error: DomainError): string => {
  switch (error._tag) {
    case 'ValidationError':
      return error.path ? `${error.path}: ${error.message}` : error.message;
    case 'DuplicateUsername':
      return `username "${error.username}" is already taken`;
    case 'DuplicateEmail':
      return `e-mail "${error.email}" is already registered`;
    case 'VisitorNotFound':
      return `visitor ${String(error.visitor)} not found`;
    case 'UserNotFound':
      return `user ${error.userId} not found`;
    case 'SessionNotFound':
      return `session ${String(error.session)} not found`;
    case 'SessionEnded':
      return `session ${String(error.session)} has already ended`;
    case 'KnowledgeEntryNotFound':
      return `knowledge base entry ${error.entryId} not found`;
    case 'VisitorAlreadyConverted':
      return `visitor ${String(error.visitor)} is already converted to a user`;
    case 'StorageUnavailable':
    case 'EmbeddingFailed':
    case 'AnswerGenerationFailed':
      return error.message;
  }
};
