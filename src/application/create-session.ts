import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { HttpUrl, Id, nullable, struct, text } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import {
  validationError,
  type StorageUnavailable,
  type UserNotFound,
  type ValidationError,
  type VisitorNotFound,
} from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { decodeInput } from './decode-input.js';

export const CreateSessionInput = struct(
  'CreateSessionInput',
  {},
  { visitorId: nullable(Id), userId: nullable(Id), title: nullable(text(255)), pageUrl: nullable(HttpUrl) },
);
export type CreateSessionInput = t.TypeOf<typeof CreateSessionInput>;

/** CreateSession's result: the new session with its numeric id and public UUID. */
export interface CreatedSession {
  readonly sessionId: number;
  /** Random, unguessable; the id to hand to browsers. */
  readonly sessionUuid: string;
  readonly session: ChatSession;
}

export type CreateSessionError = ValidationError | VisitorNotFound | UserNotFound | StorageUnavailable;

/** The specification's `create_session`, for an anonymous visitor or a registered user. */
export const makeCreateSession =
  (deps: { sessions: ChatSessions; clock: Clock; ids: IdGenerator }) =>
  (input: unknown): TE.TaskEither<CreateSessionError, CreatedSession> =>
    pipe(
      decodeInput(CreateSessionInput, input),
      TE.filterOrElseW(
        (i) => (i.visitorId ?? i.userId ?? null) !== null,
        () => validationError([{ path: 'visitorId', message: 'visitorId or userId is required' }]),
      ),
      TE.flatMap((i) =>
        deps.sessions.create(
          {
            visitorId: i.visitorId ?? null,
            userId: i.userId ?? null,
            sessionUuid: deps.ids.uuid(),
            title: i.title ?? null,
            pageUrl: i.pageUrl ?? null,
          },
          deps.clock.now(),
        ),
      ),
      TE.map((session) => ({ sessionId: session.id, sessionUuid: session.sessionUuid, session })),
    );
