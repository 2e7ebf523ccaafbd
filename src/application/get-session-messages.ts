import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { struct } from '../domain/codecs.js';
import { isStateChange, type Message } from '../domain/entities/message.js';
import * as t from 'io-ts';
import type { SessionNotFound, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Messages } from '../ports/messages.js';
import { decodeInput } from './decode-input.js';
import { findReferencedSession, sessionReferenceProps } from './session-reference.js';

export const SessionReferenceInput = struct('SessionReferenceInput', {}, sessionReferenceProps);
export const GetSessionMessagesInput = struct(
  'GetSessionMessagesInput',
  {},
  {
    ...sessionReferenceProps,
    /** Also the `state` messages recording who answers the chat (a transcript's "operator joined" lines). */
    includeStateChanges: t.boolean,
  },
);

export type SessionReadError = ValidationError | SessionNotFound | StorageUnavailable;

/**
 * The specification's `get_session_messages`: the dialogue in order, and with
 * `includeStateChanges` also the records of who answers the chat.
 */
export const makeGetSessionMessages =
  (deps: { sessions: ChatSessions; messages: Messages }) =>
  (input: unknown): TE.TaskEither<SessionReadError, ReadonlyArray<Message>> =>
    pipe(
      decodeInput(GetSessionMessagesInput, input),
      TE.flatMap((ref) =>
        pipe(
          findReferencedSession(deps.sessions, ref),
          TE.flatMap((session) => deps.messages.listBySession(session.id)),
          TE.map((messages) =>
            ref.includeStateChanges === true ? messages : messages.filter((m) => !isStateChange(m)),
          ),
        ),
      ),
    );
