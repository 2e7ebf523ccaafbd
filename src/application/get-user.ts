import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Id } from '../domain/codecs.js';
import type { User } from '../domain/entities/user.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Users } from '../ports/users.js';
import { decodeInput } from './decode-input.js';

export const GetUserInput = t.exact(t.type({ userId: Id }), 'GetUserInput');

/** The specification's `get_user`: the user, or null when there is none. */
export const makeGetUser =
  (deps: { users: Users }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, User | null> =>
    pipe(
      decodeInput(GetUserInput, input),
      TE.flatMap((i) => deps.users.findById(i.userId)),
    );
