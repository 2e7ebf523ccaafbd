import type { ChatSession } from '../domain/entities/chat-session.js';
import type { AnswerSource, Message } from '../domain/entities/message.js';
import type { Role } from '../domain/codecs.js';
import type { SessionEnded, SessionNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

/** A message to append to a session; a non-null `clientMessageId` makes a retried send store it only once. */
export interface NewMessage {
  readonly sessionId: number;
  readonly role: Role;
  readonly content: string;
  readonly tokensUsed: number | null;
  readonly source: AnswerSource | null;
  /** The FAQ entry an answer came from; one that does not exist (any more) is stored as null, as its deletion would have left it. */
  readonly knowledgeId: number | null;
  readonly clientMessageId: string | null;
  /** The FAQ entries an AI answer was grounded on, best first (ids of entries that no longer exist are kept as given). */
  readonly groundingIds?: ReadonlyArray<number>;
  /**
   * When true and `knowledgeId` is set, the same atomic write that stores the message also
   * counts one view of that FAQ entry (`viewsCount + 1`). Nothing is counted when the
   * message is not stored (a repeated `clientMessageId`), and an entry that no longer
   * exists is simply not counted: the message is stored all the same.
   */
  readonly countView?: boolean;
  /**
   * A question the FAQ had no confident answer for, counted by the same atomic write that
   * stores the message, exactly as `UnansweredQuestions.record` counts it. Nothing is
   * counted when the message is not stored (a repeated `clientMessageId`).
   */
  readonly unansweredQuestion?: UnansweredQuestionCount;
}

/** The arguments of `UnansweredQuestions.record`, for a write that counts one more occurrence. */
export interface UnansweredQuestionCount {
  readonly normalizedText: string;
  readonly exampleText: string;
}

/** The stored message, and whether this call created it. */
export interface AddedMessage {
  readonly message: Message;
  /** False when a message with the same `clientMessageId` was already stored in the session and is returned instead. */
  readonly created: boolean;
}

/** A session named by its numeric id or by its public UUID; the id is used when both are given. */
export type SessionRef =
  | { readonly sessionId: number; readonly sessionUuid?: string }
  | { readonly sessionId?: undefined; readonly sessionUuid: string };

/** What `addToSession` stored (or found stored), and the session it belongs to. */
export interface AddedToSession extends AddedMessage {
  /**
   * The session as this call left it: `updatedAt = now` when the message was created;
   * as it was (possibly ended) when a repeated `clientMessageId` returned the stored message.
   */
  readonly session: ChatSession;
}

/** The `messages` collection. */
export interface Messages {
  /**
   * Appends a message to an active session and sets the session's `updated_at = now`.
   * `SessionNotFound` when absent; `SessionEnded` when the session has ended, decided
   * atomically with the insert (a message can never land after EndChat committed).
   * A repeated `clientMessageId` in the same session stores nothing and returns the first message,
   * also after the session has ended (a retry of a send that did commit is not an error).
   * With `countView`, the FAQ entry's view is counted in the same atomic write (see {@link NewMessage.countView});
   * with `unansweredQuestion`, the question is counted there too (see {@link NewMessage.unansweredQuestion}).
   */
  add(message: NewMessage, now: Date): StorageTask<AddedMessage, SessionNotFound | SessionEnded>;
  /**
   * `add` for a session named by id or UUID, returning the session too: the lookup, the
   * ended check, the insert and the `updated_at` bump are one atomic step (one statement
   * on PostgreSQL), with the same rules and idempotency as `add`, so a caller needs no
   * separate session read. `SessionNotFound` (carrying the id or UUID as given) when no
   * session matches; `SessionEnded` (carrying the session's id) when it has ended and the
   * `clientMessageId` is not one already stored in it.
   */
  addToSession(
    ref: SessionRef,
    message: Omit<NewMessage, 'sessionId'>,
    now: Date,
  ): StorageTask<AddedToSession, SessionNotFound | SessionEnded>;
  /** The session's messages in order: by timestamp, then id. */
  listBySession(sessionId: number): StorageTask<ReadonlyArray<Message>>;
  /**
   * The session's messages with an id above `afterId`, by id, at most `limit`: what a
   * follower of the chat has not seen yet. Within one session ids grow in commit order
   * (every write to a session's messages locks the session row first), so a follower that
   * has seen message N has seen every message of the session stored before it.
   */
  listAfter(sessionId: number, afterId: number, limit: number): StorageTask<ReadonlyArray<Message>>;
}
