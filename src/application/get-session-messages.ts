import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { struct } from '../domain/codecs.js';
import type { Message } from '../domain/entities/message.js';
import type { SessionNotFound, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Messages } from '../ports/messages.js';
import { decodeInput } from './decode-input.js';
import { findReferencedSession, sessionReferenceProps } from './session-reference.js';

export const SessionReferenceInput = struct('SessionReferenceInput', {}, sessionReferenceProps);

export type SessionReadError = ValidationError | SessionNotFound | StorageUnavailable;

/** The specification's `get_session_messages`: every message of the session in order. */
export const makeGetSessionMessages =
  (deps: { sessions: ChatSessions; messages: Messages }) =>
  (input: unknown): TE.TaskEither<SessionReadError, ReadonlyArray<Message>> =>
    pipe(
      decodeInput(SessionReferenceInput, input),
      TE.flatMap((ref) => findReferencedSession(deps.sessions, ref)),
      TE.flatMap((session) => deps.messages.listBySession(session.id)),
    );
