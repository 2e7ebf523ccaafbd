/**
 * Every failure a use-case can report, as plain data with a `_tag`.
 * Adapters translate driver errors into these at their boundary, so callers never
 * see a driver class or have to parse a message.
 */

/** One invalid field of an input: where it is and what is wrong with it. */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `rating` or `entries.3.question`; `` for the whole input. */
  readonly path: string;
  readonly message: string;
  /**
   * For a field the input may not have (a misspelt key): the names allowed in its place, so a
   * caller that spells names differently (the HTTP API's snake_case) can say them its way.
   */
  readonly allowedFields?: ReadonlyArray<string>;
}

/**
 * The input (or a configuration value) failed validation: a field is missing, of the wrong type or out of range.
 * Nothing was changed; `issues` lists every offending field.
 */
export interface ValidationError {
  readonly _tag: 'ValidationError';
  /** Path of the first offending field (see `issues` for all of them). */
  readonly path: string;
  readonly message: string;
  readonly issues: ReadonlyArray<FieldIssue>;
}
/** Creating a user failed because the username is already taken (compared exactly). */
export interface DuplicateUsername {
  readonly _tag: 'DuplicateUsername';
  readonly username: string;
}
/** Creating a user failed because the e-mail is already registered, compared in any letter case. */
export interface DuplicateEmail {
  readonly _tag: 'DuplicateEmail';
  readonly email: string;
}
/** No visitor has the given id or UUID (`visitor` is the key looked up), also when a new session names one. */
export interface VisitorNotFound {
  readonly _tag: 'VisitorNotFound';
  readonly visitor: number | string;
}
/** A new session names a `userId` that does not exist. */
export interface UserNotFound {
  readonly _tag: 'UserNotFound';
  readonly userId: number;
}
/** No session has the given id or UUID (`session` is the key looked up). */
export interface SessionNotFound {
  readonly _tag: 'SessionNotFound';
  readonly session: number | string;
}
/** The session has already ended: it takes no more messages and cannot be ended (or rated) again. */
export interface SessionEnded {
  readonly _tag: 'SessionEnded';
  readonly session: number | string;
}
/** No FAQ entry has the given id (on update, deactivation or a helpful vote). */
export interface KnowledgeEntryNotFound {
  readonly _tag: 'KnowledgeEntryNotFound';
  readonly entryId: number;
}
/** The visitor was already converted to a registered user; a visitor converts only once. */
export interface VisitorAlreadyConverted {
  readonly _tag: 'VisitorAlreadyConverted';
  readonly visitor: number | string;
}
/**
 * The database could not be reached or failed (closed store, lost connection, driver error); any operation that touches
 * storage can return it, and `message` says why.
 */
export interface StorageUnavailable {
  readonly _tag: 'StorageUnavailable';
  readonly message: string;
}
/**
 * The embedder could not produce vectors (provider down, malformed response, or no embedder configured). Search then
 * falls back to text and new entries are stored without a vector, so only re-embedding reports it.
 */
export interface EmbeddingFailed {
  readonly _tag: 'EmbeddingFailed';
  readonly message: string;
}
/**
 * The AI model could not answer (request failed, or no model is configured). ProcessMessage replaces the answer with
 * the hand-off message, so no use-case returns it.
 */
export interface AnswerGenerationFailed {
  readonly _tag: 'AnswerGenerationFailed';
  readonly message: string;
}

/** Another operator already has the chat (taking it again is a no-op for the same operator). */
export interface ConversationTaken {
  readonly _tag: 'ConversationTaken';
  readonly session: number | string;
  /** Who has it. */
  readonly operatorId: number;
}
/** Only the operator who has the chat may reply in it or hand it back. */
export interface NotYourConversation {
  readonly _tag: 'NotYourConversation';
  readonly session: number | string;
}
/** No operator has the given id. */
export interface OperatorNotFound {
  readonly _tag: 'OperatorNotFound';
  readonly operatorId: number;
}
/** Another operator account has this e-mail, compared in any letter case. */
export interface DuplicateOperatorEmail {
  readonly _tag: 'DuplicateOperatorEmail';
  readonly email: string;
}
/**
 * A login failed: unknown e-mail, wrong password or a deactivated account, told apart
 * nowhere, so the answer says nothing about which accounts exist.
 */
export interface InvalidCredentials {
  readonly _tag: 'InvalidCredentials';
}
/** No contact request has the given id. */
export interface ContactRequestNotFound {
  readonly _tag: 'ContactRequestNotFound';
  readonly requestId: number;
}

/** Any failure a use-case can return, told apart by `_tag`; `describeError` turns one into a sentence. */
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
  | AnswerGenerationFailed
  | ConversationTaken
  | NotYourConversation
  | OperatorNotFound
  | DuplicateOperatorEmail
  | InvalidCredentials
  | ContactRequestNotFound;

/** The `_tag` of a domain error, e.g. to test a rejection with `isAssistantError(e, 'SessionEnded')`. */
export type DomainErrorTag = DomainError['_tag'];

/** The message of an issue with `allowedFields`: the input has a field it may not have. */
export const unknownFieldMessage = (allowedFields: ReadonlyArray<string>): string =>
  `unknown field; expected one of: ${allowedFields.join(', ')}`;

/** Builds a `ValidationError`; its `path` and `message` are those of the first issue. */
export const validationError = (issues: ReadonlyArray<FieldIssue>): ValidationError => {
  const first = issues[0] ?? { path: '', message: 'invalid input' };
  return { _tag: 'ValidationError', path: first.path, message: first.message, issues };
};
/** Builds a `DuplicateUsername` error. */
export const duplicateUsername = (username: string): DuplicateUsername => ({ _tag: 'DuplicateUsername', username });
/** Builds a `DuplicateEmail` error. */
export const duplicateEmail = (email: string): DuplicateEmail => ({ _tag: 'DuplicateEmail', email });
/** Builds a `VisitorNotFound` error. */
export const visitorNotFound = (visitor: number | string): VisitorNotFound => ({ _tag: 'VisitorNotFound', visitor });
/** Builds a `UserNotFound` error. */
export const userNotFound = (userId: number): UserNotFound => ({ _tag: 'UserNotFound', userId });
/** Builds a `SessionNotFound` error. */
export const sessionNotFound = (session: number | string): SessionNotFound => ({ _tag: 'SessionNotFound', session });
/** Builds a `SessionEnded` error. */
export const sessionEnded = (session: number | string): SessionEnded => ({ _tag: 'SessionEnded', session });
/** Builds a `KnowledgeEntryNotFound` error. */
export const knowledgeEntryNotFound = (entryId: number): KnowledgeEntryNotFound => ({
  _tag: 'KnowledgeEntryNotFound',
  entryId,
});
/** Builds a `VisitorAlreadyConverted` error. */
export const visitorAlreadyConverted = (visitor: number | string): VisitorAlreadyConverted => ({
  _tag: 'VisitorAlreadyConverted',
  visitor,
});
/** Builds a `StorageUnavailable` error. */
export const storageUnavailable = (message: string): StorageUnavailable => ({ _tag: 'StorageUnavailable', message });
/** Builds an `EmbeddingFailed` error. */
export const embeddingFailed = (message: string): EmbeddingFailed => ({ _tag: 'EmbeddingFailed', message });
/** Builds an `AnswerGenerationFailed` error. */
export const answerGenerationFailed = (message: string): AnswerGenerationFailed => ({
  _tag: 'AnswerGenerationFailed',
  message,
});

/** Builds a `ConversationTaken` error. */
export const conversationTaken = (session: number | string, operatorId: number): ConversationTaken => ({
  _tag: 'ConversationTaken',
  session,
  operatorId,
});
/** Builds a `NotYourConversation` error. */
export const notYourConversation = (session: number | string): NotYourConversation => ({
  _tag: 'NotYourConversation',
  session,
});
/** Builds an `OperatorNotFound` error. */
export const operatorNotFound = (operatorId: number): OperatorNotFound => ({ _tag: 'OperatorNotFound', operatorId });
/** Builds a `DuplicateOperatorEmail` error. */
export const duplicateOperatorEmail = (email: string): DuplicateOperatorEmail => ({
  _tag: 'DuplicateOperatorEmail',
  email,
});
/** The one `InvalidCredentials` error. */
export const invalidCredentials: InvalidCredentials = { _tag: 'InvalidCredentials' };
/** Builds a `ContactRequestNotFound` error. */
export const contactRequestNotFound = (requestId: number): ContactRequestNotFound => ({
  _tag: 'ContactRequestNotFound',
  requestId,
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
    case 'ConversationTaken':
      return `another operator (${error.operatorId}) has already taken session ${String(error.session)}`;
    case 'NotYourConversation':
      return `session ${String(error.session)} is not with this operator`;
    case 'OperatorNotFound':
      return `operator ${error.operatorId} not found`;
    case 'DuplicateOperatorEmail':
      return `an operator with e-mail "${error.email}" already exists`;
    case 'InvalidCredentials':
      return 'wrong e-mail or password';
    case 'ContactRequestNotFound':
      return `contact request ${error.requestId} not found`;
    case 'StorageUnavailable':
    case 'EmbeddingFailed':
    case 'AnswerGenerationFailed':
      return error.message;
  }
};
