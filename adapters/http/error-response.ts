import { unknownFieldMessage, type DomainErrorTag } from '../../src/domain/errors.js';
import { camelToSnake, snakePath } from './case-mapping.js';
import { isHttpProblem } from './http-problem.js';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly path?: string;
    readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  };
}

const STATUS_BY_TAG: Record<DomainErrorTag, number> = {
  ValidationError: 400,
  VisitorNotFound: 404,
  UserNotFound: 404,
  SessionNotFound: 404,
  KnowledgeEntryNotFound: 404,
  DuplicateEmail: 409,
  DuplicateUsername: 409,
  VisitorAlreadyConverted: 409,
  SessionEnded: 409,
  StorageUnavailable: 503,
  EmbeddingFailed: 500,
  AnswerGenerationFailed: 500,
  ConversationTaken: 409,
  NotYourConversation: 409,
  OperatorNotFound: 404,
  DuplicateOperatorEmail: 409,
  InvalidCredentials: 401,
  ContactRequestNotFound: 404,
};

/**
 * Messages for errors whose facade message names the session or visitor by the key it was
 * looked up with, which may be an internal numeric id: the API names both by UUID only, and
 * the caller knows which one it asked about.
 */
const PUBLIC_MESSAGES: Partial<Record<DomainErrorTag, string>> = {
  SessionNotFound: 'session not found',
  SessionEnded: 'the session has already ended',
  VisitorNotFound: 'visitor not found',
  VisitorAlreadyConverted: 'the visitor is already registered as a user',
  ConversationTaken: 'another operator has already taken this chat',
  NotYourConversation: 'this chat is not with you: take it first',
};

const isTag = (value: unknown): value is DomainErrorTag =>
  typeof value === 'string' && Object.hasOwn(STATUS_BY_TAG, value);

/** Reads the facade's error shape structurally: adapters may not import the AssistantError class. */
const domainFields = (e: unknown): { tag: DomainErrorTag; message: string; path: unknown; issues: unknown } | null => {
  if (typeof e !== 'object' || e === null) return null;
  const r = e as Record<string, unknown>;
  return isTag(r.tag)
    ? { tag: r.tag, message: typeof r.message === 'string' ? r.message : r.tag, path: r.path, issues: r.issues }
    : null;
};

const issueList = (raw: unknown): Array<{ path: string; message: string }> =>
  Array.isArray(raw)
    ? raw.flatMap((i: unknown) => {
        if (typeof i !== 'object' || i === null) return [];
        const { path, message, allowedFields } = i as Record<string, unknown>;
        if (typeof path !== 'string' || typeof message !== 'string') return [];
        // an unknown field's message lists the allowed names, which the API spells in snake_case
        const names = Array.isArray(allowedFields) ? allowedFields.filter((f) => typeof f === 'string') : null;
        return [{ path: snakePath(path), message: names ? unknownFieldMessage(names.map(camelToSnake)) : message }];
      })
    : [];

/**
 * Status and JSON body for anything a handler throws. Domain tags keep their names as
 * codes; server-side failures say only that something went wrong, so storage or driver
 * details never reach a visitor.
 */
export const errorResponse = (e: unknown): { status: number; body: ErrorBody; internal: boolean } => {
  if (isHttpProblem(e)) {
    return {
      status: e.statusCode,
      body: { error: { code: e.code, message: e.message, ...(e.path !== undefined ? { path: e.path } : {}) } },
      internal: false,
    };
  }
  const domain = domainFields(e);
  if (domain) {
    const status = STATUS_BY_TAG[domain.tag];
    if (domain.tag === 'ValidationError') {
      const path = typeof domain.path === 'string' ? snakePath(domain.path) : '';
      const issues = issueList(domain.issues);
      const message = issues[0]?.message ?? domain.message;
      return {
        status,
        body: { error: { code: domain.tag, message: path ? `${path}: ${message}` : message, path, issues } },
        internal: false,
      };
    }
    if (status === 503)
      return {
        status,
        body: { error: { code: domain.tag, message: 'storage is unavailable, try again later' } },
        internal: true,
      };
    if (status >= 500)
      return { status, body: { error: { code: 'InternalError', message: 'internal error' } }, internal: true };
    const message = PUBLIC_MESSAGES[domain.tag] ?? domain.message;
    return { status, body: { error: { code: domain.tag, message } }, internal: false };
  }
  // Fastify's own errors (bad JSON, too large, wrong content type, rate limit) carry a 4xx statusCode
  if (typeof e === 'object' && e !== null) {
    const r = e as Record<string, unknown>;
    const status = typeof r.statusCode === 'number' ? r.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'PayloadTooLarge'
          : status === 429
            ? 'RateLimited'
            : status === 415
              ? 'UnsupportedMediaType'
              : status === 404
                ? 'NotFound'
                : 'BadRequest';
      // Fastify's 415 names only the type it got; say what to send instead
      const message =
        status === 415
          ? 'the body must be JSON, sent with Content-Type: application/json'
          : typeof r.message === 'string'
            ? r.message
            : code;
      return { status, body: { error: { code, message } }, internal: false };
    }
  }
  return { status: 500, body: { error: { code: 'InternalError', message: 'internal error' } }, internal: true };
};
