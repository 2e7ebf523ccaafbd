import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Email, Id, struct, text } from '../domain/codecs.js';
import type { Operator } from '../domain/entities/operator.js';
import type {
  DuplicateOperatorEmail,
  OperatorNotFound,
  StorageUnavailable,
  ValidationError,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Credentials } from '../ports/credentials.js';
import type { Operators, OperatorPatch } from '../ports/operators.js';
import { decodeInput } from './decode-input.js';

/** 10 to 200 characters: long enough that guessing is hopeless at the login's rate limit. */
export const Password = new t.Type<string, string, unknown>(
  'Password',
  (u): u is string => typeof u === 'string' && u.length >= 10 && u.length <= 200,
  (u, c) =>
    typeof u !== 'string'
      ? t.failure(u, c, 'must be a string')
      : u.length < 10
        ? t.failure(u, c, 'must be at least 10 characters')
        : u.length > 200
          ? t.failure(u, c, 'must be at most 200 characters')
          : t.success(u),
  (a) => a,
);
export const OperatorRoleCodec = t.keyof({ operator: null, admin: null }, 'OperatorRole');

export const CreateOperatorInput = struct(
  'CreateOperatorInput',
  { name: text(100), email: Email, password: Password },
  { role: OperatorRoleCodec },
);
export const UpdateOperatorInput = struct(
  'UpdateOperatorInput',
  { operatorId: Id },
  { name: text(100), email: Email, password: Password, role: OperatorRoleCodec, isActive: t.boolean },
);

interface Deps {
  readonly operators: Operators;
  readonly credentials: Credentials;
  readonly clock: Clock;
}

/** An operator account, its password hashed (Argon2id); role `operator` unless given. */
export const makeCreateOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | DuplicateOperatorEmail | StorageUnavailable, Operator> =>
    pipe(
      decodeInput(CreateOperatorInput, input),
      TE.flatMap((i) =>
        pipe(
          deps.credentials.hashPassword(i.password),
          TE.flatMap((passwordHash) =>
            deps.operators.create(
              { name: i.name, email: i.email, role: i.role ?? 'operator', passwordHash },
              deps.clock.now(),
            ),
          ),
        ),
      ),
    );

/**
 * Changes an account's given fields. A new password or a deactivation also ends every
 * login of the account, so a leaked cookie dies with the old password.
 */
export const makeUpdateOperator =
  (deps: Deps) =>
  (
    input: unknown,
  ): TE.TaskEither<ValidationError | OperatorNotFound | DuplicateOperatorEmail | StorageUnavailable, Operator> =>
    pipe(
      decodeInput(UpdateOperatorInput, input),
      TE.flatMap((i) =>
        pipe(
          i.password === undefined
            ? TE.right<never, string | undefined>(undefined)
            : deps.credentials.hashPassword(i.password),
          TE.flatMap((passwordHash) => {
            const patch: OperatorPatch = {
              ...(i.name !== undefined ? { name: i.name } : {}),
              ...(i.email !== undefined ? { email: i.email } : {}),
              ...(i.role !== undefined ? { role: i.role } : {}),
              ...(i.isActive !== undefined ? { isActive: i.isActive } : {}),
              ...(passwordHash !== undefined ? { passwordHash } : {}),
            };
            return deps.operators.update(i.operatorId, patch, deps.clock.now());
          }),
          TE.tap((operator) =>
            i.password !== undefined || !operator.isActive ? deps.operators.endLoginsOf(operator.id) : TE.right(0),
          ),
        ),
      ),
    );

/** Every operator account, by id. */
export const makeListOperators =
  (deps: Pick<Deps, 'operators'>) => (): TE.TaskEither<StorageUnavailable, ReadonlyArray<Operator>> =>
    deps.operators.list();
