import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { Email, nullable, Phone, struct, Username } from '../domain/codecs.js';
import type { User } from '../domain/entities/user.js';
import type { DuplicateEmail, DuplicateUsername, StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Users } from '../ports/users.js';
import { decodeInput } from './decode-input.js';

export const CreateUserInput = struct(
  'CreateUserInput',
  { username: Username },
  { email: nullable(Email), phone: nullable(Phone) },
);
export type CreateUserInput = t.TypeOf<typeof CreateUserInput>;

export type CreateUserError = ValidationError | DuplicateUsername | DuplicateEmail | StorageUnavailable;

/** The specification's `create_user`: username required, e-mail and phone optional, both unique. */
export const makeCreateUser =
  (deps: { users: Users; clock: Clock }) =>
  (input: unknown): TE.TaskEither<CreateUserError, User> =>
    pipe(
      decodeInput(CreateUserInput, input),
      TE.flatMap((i) =>
        deps.users.create({ username: i.username, email: i.email ?? null, phone: i.phone ?? null }, deps.clock.now()),
      ),
    );
