import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { Id, Uuid } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import {
  sessionNotFound,
  validationError,
  type SessionNotFound,
  type StorageUnavailable,
  type ValidationError,
} from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';

/** Input fields that name a session: its numeric id or its public UUID (exactly one). */
export const sessionReferenceProps = { sessionId: Id, sessionUuid: Uuid };

export interface SessionReference {
  readonly sessionId?: number;
  readonly sessionUuid?: string;
}

/** Loads the referenced session; `SessionNotFound` when there is none. */
export const findReferencedSession = (
  sessions: ChatSessions,
  ref: SessionReference,
): TE.TaskEither<ValidationError | SessionNotFound | StorageUnavailable, ChatSession> => {
  const key = ref.sessionId ?? ref.sessionUuid;
  if (key === undefined) {
    return TE.left(validationError([{ path: 'sessionId', message: 'sessionId or sessionUuid is required' }]));
  }
  return pipe(
    typeof key === 'number' ? sessions.findById(key) : sessions.findByUuid(key),
    TE.flatMap((session) => (session ? TE.right(session) : TE.left(sessionNotFound(key)))),
  );
};
