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
  readonly knowledgeId: number | null;
  readonly clientMessageId: string | null;
}

/** The stored message, and whether this call created it. */
export interface AddedMessage {
  readonly message: Message;
  /** False when a message with the same `clientMessageId` was already stored in the session and is returned instead. */
  readonly created: boolean;
}

/** The `messages` collection. */
export interface Messages {
  /**
   * Appends a message to an active session and sets the session's `updated_at = now`.
   * `SessionNotFound` when absent; `SessionEnded` when the session has ended, decided
   * atomically with the insert (a message can never land after EndChat committed).
   * A repeated `clientMessageId` in the same session stores nothing and returns the first message,
   * also after the session has ended (a retry of a send that did commit is not an error).
   */
  add(message: NewMessage, now: Date): StorageTask<AddedMessage, SessionNotFound | SessionEnded>;
  /** The session's messages in order: by timestamp, then id. */
  listBySession(sessionId: number): StorageTask<ReadonlyArray<Message>>;
}
