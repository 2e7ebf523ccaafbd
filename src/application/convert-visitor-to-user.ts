import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { Email, Id, nullable, Phone, struct, Username, Uuid } from '../domain/codecs.js';
import type { User } from '../domain/entities/user.js';
import {
  validationError,
  visitorNotFound,
  type DuplicateEmail,
  type DuplicateUsername,
  type StorageUnavailable,
  type ValidationError,
  type VisitorAlreadyConverted,
  type VisitorNotFound,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';

export const ConvertVisitorToUserInput = struct(
  'ConvertVisitorToUserInput',
  { username: Username },
  { visitorId: Id, visitorUuid: Uuid, email: nullable(Email), phone: nullable(Phone) },
);
export type ConvertVisitorToUserInput = t.TypeOf<typeof ConvertVisitorToUserInput>;

/** ConvertVisitorToUser's result: the new user and how many sessions moved to it. */
export interface ConvertedVisitor {
  readonly user: User;
  /** How many of the visitor's sessions now belong to the user. */
  readonly movedSessions: number;
}

export type ConvertVisitorToUserError =
  ValidationError | VisitorNotFound | VisitorAlreadyConverted | DuplicateUsername | DuplicateEmail | StorageUnavailable;

/**
 * The specification's `convert_visitor_to_user`: creates the user and moves every
 * session of the visitor to it, in one transaction, so either all of it happens or
 * none. A visitor converts once: a second conversion is `VisitorAlreadyConverted`
 * (and its user is not created). Later sessions of the visitor go to the user too.
 */
export const makeConvertVisitorToUser =
  (deps: { unitOfWork: UnitOfWork; clock: Clock }) =>
  (input: unknown): TE.TaskEither<ConvertVisitorToUserError, ConvertedVisitor> =>
    pipe(
      decodeInput(ConvertVisitorToUserInput, input),
      TE.filterOrElseW(
        (i) => i.visitorId !== undefined || i.visitorUuid !== undefined,
        () => validationError([{ path: 'visitorId', message: 'visitorId or visitorUuid is required' }]),
      ),
      TE.flatMap((i) => {
        const now = deps.clock.now();
        const key = i.visitorId ?? (i.visitorUuid as string).toLowerCase();
        return deps.unitOfWork.transaction((repos) =>
          pipe(
            typeof key === 'number' ? repos.visitors.findById(key) : repos.visitors.findByUuid(key),
            TE.flatMap((visitor) => (visitor ? TE.right(visitor) : TE.left(visitorNotFound(key)))),
            TE.bindTo('visitor'),
            TE.bindW('user', () =>
              repos.users.create({ username: i.username, email: i.email ?? null, phone: i.phone ?? null }, now),
            ),
            TE.tap(({ visitor, user }) => repos.visitors.markConverted(visitor.id, user.id)),
            TE.bindW('movedSessions', ({ visitor, user }) =>
              repos.sessions.assignVisitorSessionsToUser(visitor.id, user.id, now),
            ),
            TE.map(({ user, movedSessions }) => ({ user, movedSessions })),
          ),
        );
      }),
    );
