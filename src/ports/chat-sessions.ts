import type { ChatSession } from '../domain/entities/chat-session.js';
import type { SessionEnded, SessionNotFound, UserNotFound, VisitorNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

/** A session to create, for a visitor, a user or both, with the public UUID the caller generated. */
export interface NewChatSession {
  readonly visitorId: number | null;
  readonly userId: number | null;
  readonly sessionUuid: string;
  readonly title: string | null;
  readonly pageUrl: string | null;
  /** The widget profile the chat starts from; null when unknown. */
  readonly widgetProfile?: string | null;
}

/** What a retention sweep deleted. */
export interface DeletedSessions {
  readonly sessions: number;
  readonly messages: number;
}

/** One page of a listing: at most `limit` rows after skipping the first `offset`. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** The `sessions` collection. */
export interface ChatSessions {
  /**
   * Creates an active session. When `userId` is null and the visitor has been converted,
   * the session is given the visitor's user. `VisitorNotFound` / `UserNotFound` when the
   * referenced row does not exist.
   */
  create(session: NewChatSession, now: Date): StorageTask<ChatSession, VisitorNotFound | UserNotFound>;
  /** The session with this id, active or ended, or null when absent. */
  findById(id: number): StorageTask<ChatSession | null>;
  /** The session with this public UUID, active or ended, or null when absent. */
  findByUuid(sessionUuid: string): StorageTask<ChatSession | null>;
  /**
   * Ends an active session with an optional rating, in one conditional write that also
   * stores a `state` message `ended` (so followers of the chat see it end):
   * `SessionEnded` when it had already ended (its rating is left alone), `SessionNotFound` when absent.
   */
  end(id: number, rating: number | null, now: Date): StorageTask<ChatSession, SessionNotFound | SessionEnded>;
  /** Active sessions, oldest first (by id). */
  listActive(page: Page): StorageTask<ReadonlyArray<ChatSession>>;
  /** Every session of the visitor, oldest first (by id). */
  listByVisitor(visitorId: number): StorageTask<ReadonlyArray<ChatSession>>;
  /** Sets `user_id` on every session of the visitor (the visitor id stays, for history); returns how many. */
  assignVisitorSessionsToUser(visitorId: number, userId: number, now: Date): StorageTask<number>;
  /**
   * Deletes ended sessions whose `ended_at` is before `cutoff`, with their messages, in one
   * atomic step; active sessions are never touched. Returns how many rows went (0 when run again).
   */
  deleteEndedBefore(cutoff: Date): StorageTask<DeletedSessions>;
}
