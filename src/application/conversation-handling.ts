import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Id, Limit, nullable, struct, text } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { Message } from '../domain/entities/message.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type {
  ConversationTaken,
  NotYourConversation,
  SessionEnded,
  SessionNotFound,
  StorageUnavailable,
  ValidationError,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { HandlingChange, QueuedConversation } from '../ports/conversations.js';
import type { AddedMessage } from '../ports/messages.js';
import type { Repositories } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';
import { peopleAvailability, type PeopleAvailability } from './people-availability.js';
import { findReferencedSession, sessionReferenceProps } from './session-reference.js';
import type { AssistantSettings } from './settings.js';

interface Deps {
  readonly repositories: Repositories;
  readonly clock: Clock;
  readonly settings: AssistantSettings;
}

export const RequestOperatorInput = struct('RequestOperatorInput', {}, sessionReferenceProps);
export const OperatorConversationInput = struct('OperatorConversationInput', { operatorId: Id }, sessionReferenceProps);
export const OperatorReplyInput = struct(
  'OperatorReplyInput',
  { operatorId: Id, message: text(10_000) },
  { ...sessionReferenceProps, clientMessageId: nullable(text(100)) },
);
export const ConversationQueueInput = struct('ConversationQueueInput', {}, { limit: Limit });
export const OpenConversationInput = struct('OpenConversationInput', {}, sessionReferenceProps);

/** What asking for a person did: the chat waits for one (people are available), or no one can come now. */
export interface OperatorRequest {
  readonly session: ChatSession;
  /** The chat is now waiting for a person (or already was, or has one). */
  readonly queued: boolean;
  readonly availability: PeopleAvailability;
}

type SessionStepError = ValidationError | SessionNotFound | SessionEnded | StorageUnavailable;

/**
 * The visitor asks for a person (the widget's button, or a message like «позовите
 * оператора»). When someone is online within the profile's hours the chat goes to the
 * queue and the bot stays quiet; otherwise nothing changes and the answer says so, so the
 * widget can offer to leave an e-mail.
 */
export const makeRequestOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<SessionStepError, OperatorRequest> =>
    pipe(
      decodeInput(RequestOperatorInput, input),
      TE.flatMap((ref) => findReferencedSession(deps.repositories.sessions, ref)),
      TE.flatMap((session) => requestOperatorFor(deps, session)),
    );

/** RequestOperator for a session already read (ProcessMessage's hand-off). */
export const requestOperatorFor = (
  deps: Deps,
  session: ChatSession,
): TE.TaskEither<SessionNotFound | SessionEnded | StorageUnavailable, OperatorRequest> =>
  pipe(
    peopleAvailability(deps, session.widgetProfile),
    TE.flatMap((availability) =>
      session.handling !== 'bot'
        ? TE.right({ session, queued: true, availability })
        : !availability.available
          ? TE.right({ session, queued: false, availability })
          : pipe(
              deps.repositories.conversations.requestPerson({ sessionId: session.id }, deps.clock.now()),
              TE.map((change) => ({
                session: change.session,
                queued: change.session.handling !== 'bot',
                availability,
              })),
            ),
    ),
  );

const sessionOf = (deps: Deps, ref: { sessionId?: number; sessionUuid?: string }) =>
  findReferencedSession(deps.repositories.sessions, ref);

/** An operator takes the chat (from the queue, or from the bot): exactly one of two racing operators wins. */
export const makeTakeConversation =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<SessionStepError | ConversationTaken, HandlingChange> =>
    pipe(
      decodeInput(OperatorConversationInput, input),
      TE.flatMap((i) =>
        pipe(
          sessionOf(deps, i),
          TE.flatMap((session) => deps.repositories.conversations.take(session.id, i.operatorId, deps.clock.now())),
        ),
      ),
    );

/** The operator who has the chat hands it back to the bot. */
export const makeHandBackToBot =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<SessionStepError | NotYourConversation, HandlingChange> =>
    pipe(
      decodeInput(OperatorConversationInput, input),
      TE.flatMap((i) =>
        pipe(
          sessionOf(deps, i),
          TE.flatMap((session) => deps.repositories.conversations.handBack(session.id, i.operatorId, deps.clock.now())),
        ),
      ),
    );

/** The operator who has the chat replies; a retried `clientMessageId` is stored once. */
export const makeReplyAsOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<SessionStepError | NotYourConversation, AddedMessage> =>
    pipe(
      decodeInput(OperatorReplyInput, input),
      TE.flatMap((i) =>
        pipe(
          sessionOf(deps, i),
          TE.flatMap((session) =>
            deps.repositories.conversations.addOperatorMessage(
              session.id,
              i.operatorId,
              { content: i.message, clientMessageId: i.clientMessageId ?? null },
              deps.clock.now(),
            ),
          ),
        ),
      ),
    );

/** The operators' queue: chats waiting for a person (the longest wait first), then chats with an operator. */
export const makeListConversationQueue =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<QueuedConversation>> =>
    pipe(
      decodeInput(ConversationQueueInput, input ?? {}),
      TE.flatMap((i) => deps.repositories.conversations.queue(i.limit ?? 100)),
    );

/** What an operator sees of a chat: the session, the whole transcript with state changes, the visitor, their other chats. */
export interface OpenedConversation {
  readonly session: ChatSession;
  readonly messages: ReadonlyArray<Message>;
  readonly visitor: Visitor | null;
  readonly earlierChats: ReadonlyArray<ChatSession>;
}

/** A chat for the inbox: the transcript (state changes included), the visitor and their earlier chats. */
export const makeOpenConversation =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | SessionNotFound | StorageUnavailable, OpenedConversation> =>
    pipe(
      decodeInput(OpenConversationInput, input),
      TE.flatMap((ref) => sessionOf(deps, ref)),
      TE.flatMap((session) =>
        pipe(
          TE.Do,
          TE.bind('messages', () => deps.repositories.messages.listBySession(session.id)),
          TE.bind('visitor', () =>
            session.visitorId === null ? TE.right(null) : deps.repositories.visitors.findById(session.visitorId),
          ),
          TE.bind('earlierChats', () =>
            session.visitorId === null ? TE.right([]) : deps.repositories.sessions.listByVisitor(session.visitorId),
          ),
          TE.map(({ messages, visitor, earlierChats }) => ({
            session,
            messages,
            visitor,
            earlierChats: earlierChats.filter((s) => s.id !== session.id),
          })),
        ),
      ),
    );

/** What a follower of a chat has not seen: the session as it is now and its messages after `afterId`. */
export interface ConversationUpdates {
  readonly session: ChatSession;
  /** Every message (state changes included) with an id above `afterId`, by id. */
  readonly messages: ReadonlyArray<Message>;
}

export const ConversationUpdatesInput = struct(
  'ConversationUpdatesInput',
  {},
  { ...sessionReferenceProps, afterId: t.union([Id, t.literal(0)]), limit: Limit },
);

/**
 * A chat's messages after the last one a follower has seen (an event stream resuming from
 * `Last-Event-ID`, or a widget polling): ids grow in commit order within a session, so
 * nothing is skipped and nothing repeated.
 */
export const makeGetConversationUpdates =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | SessionNotFound | StorageUnavailable, ConversationUpdates> =>
    pipe(
      decodeInput(ConversationUpdatesInput, input),
      TE.flatMap((i) =>
        pipe(
          sessionOf(deps, i),
          TE.flatMap((session) =>
            pipe(
              deps.repositories.messages.listAfter(session.id, i.afterId ?? 0, i.limit ?? 100),
              TE.map((messages) => ({ session, messages })),
            ),
          ),
        ),
      ),
    );
