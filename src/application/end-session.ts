import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { nullable, Rating, struct } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { SessionEnded, SessionNotFound, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Clock } from '../ports/clock.js';
import { decodeInput } from './decode-input.js';
import { findReferencedSession, sessionReferenceProps, type SessionReference } from './session-reference.js';

export const EndSessionInput = struct(
  'EndSessionInput',
  {},
  { ...sessionReferenceProps, satisfactionRating: nullable(Rating) },
);
export type EndSessionInput = t.TypeOf<typeof EndSessionInput>;

export type EndSessionError = ValidationError | SessionNotFound | SessionEnded | StorageUnavailable;

/** Ends the referenced session with a rating (decoded input): the step EndSession and EndChat share. */
export const endReferencedSession = (
  deps: { sessions: ChatSessions; clock: Clock },
  ref: SessionReference,
  rating: number | null,
): TE.TaskEither<EndSessionError, ChatSession> =>
  pipe(
    findReferencedSession(deps.sessions, ref),
    TE.flatMap((session) => deps.sessions.end(session.id, rating, deps.clock.now())),
  );

/** The specification's `end_session`, with an optional 1..5 rating; ending twice is `SessionEnded`. */
export const makeEndSession =
  (deps: { sessions: ChatSessions; clock: Clock }) =>
  (input: unknown): TE.TaskEither<EndSessionError, ChatSession> =>
    pipe(
      decodeInput(EndSessionInput, input),
      TE.flatMap((i) => endReferencedSession(deps, i, i.satisfactionRating ?? null)),
    );
