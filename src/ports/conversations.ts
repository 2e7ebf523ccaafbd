import type { BusinessHours } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { Message } from '../domain/entities/message.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type { ConversationTaken, NotYourConversation, SessionEnded, SessionNotFound } from '../domain/errors.js';
import type { AddedMessage, SessionRef } from './messages.js';
import type { StorageTask } from './storage-result.js';

/**
 * A change of who answers a chat, as one atomic step: the session's row and, when it
 * changed, a `state` message recording it (role `system`, content the new handling), so a
 * follower of the chat sees the change in order with the messages.
 */
export interface HandlingChange {
  /** The session as the step left it. */
  readonly session: ChatSession;
  /** False when it already was in the asked state (nothing stored). */
  readonly changed: boolean;
  readonly stateMessage: Message | null;
}

/** An operator's message to store. */
export interface OperatorMessage {
  readonly content: string;
  readonly clientMessageId: string | null;
}

/** See `Conversations.availability`. */
export interface PeopleOnHand {
  readonly operatorsOnline: number;
  readonly businessHours: BusinessHours | null;
}

/** One chat of the operators' queue. */
export interface QueuedConversation {
  readonly session: ChatSession;
  readonly visitor: Visitor | null;
  /** The chat's last message that says something (not a state change), or null. */
  readonly lastMessage: Message | null;
  /** Messages the visitor wrote in this chat. */
  readonly visitorMessages: number;
}

/**
 * Who answers each chat: the bot, the queue, or an operator (docs/inbox.md). Every step
 * locks the session row, as storing a message does, so it serializes with the session's
 * messages and with the other steps: two operators taking one chat at once, exactly one
 * wins.
 */
export interface Conversations {
  /**
   * bot → waiting, with `now` as the start of the wait (and of the first hand-off). No
   * change when it is waiting or with an operator already. `SessionNotFound`,
   * `SessionEnded`.
   */
  requestPerson(ref: SessionRef, now: Date): StorageTask<HandlingChange, SessionNotFound | SessionEnded>;
  /**
   * bot or waiting → operator `operatorId` (the first assignment's time is kept). No change
   * when that operator has it already; `ConversationTaken` when another one has it.
   */
  take(
    sessionId: number,
    operatorId: number,
    now: Date,
  ): StorageTask<HandlingChange, SessionNotFound | SessionEnded | ConversationTaken>;
  /** operator → bot, by the operator who has it; `NotYourConversation` otherwise. */
  handBack(
    sessionId: number,
    operatorId: number,
    now: Date,
  ): StorageTask<HandlingChange, SessionNotFound | SessionEnded | NotYourConversation>;
  /**
   * Stores a message of the operator who has the chat (role `assistant`, source
   * `operator`, its operator id), setting the first reply's time when it is the first;
   * `NotYourConversation` when another operator (or none) has it. A repeated
   * `clientMessageId` returns the stored message, as `Messages.add`.
   */
  addOperatorMessage(
    sessionId: number,
    operatorId: number,
    message: OperatorMessage,
    now: Date,
  ): StorageTask<AddedMessage, SessionNotFound | SessionEnded | NotYourConversation>;
  /**
   * What decides whether a person can come now, read together: active operators whose last
   * heartbeat is at or after `onlineSince`, and the widget profile's business hours (null
   * when the profile has none or does not exist).
   */
  availability(widgetProfile: string, onlineSince: Date): StorageTask<PeopleOnHand>;
  /** Active chats waiting for or with an operator, the longest waiting first, at most `limit`. */
  queue(limit: number): StorageTask<ReadonlyArray<QueuedConversation>>;
}
