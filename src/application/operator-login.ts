import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Email, Id, struct, text } from '../domain/codecs.js';
import type { Operator } from '../domain/entities/operator.js';
import {
  invalidCredentials,
  type InvalidCredentials,
  type StorageUnavailable,
  type ValidationError,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Credentials } from '../ports/credentials.js';
import type { Operators } from '../ports/operators.js';
import { decodeInput } from './decode-input.js';

/** How long a login lasts without logging in again. */
export const LOGIN_LIFETIME_MS = 12 * 60 * 60 * 1000;

export const LoginOperatorInput = struct('LoginOperatorInput', { email: Email, password: text(200) }, {});
export const LoginTokenInput = t.exact(t.type({ token: text(200) }), 'LoginTokenInput');
export const OperatorIdInput = t.exact(t.type({ operatorId: Id }), 'OperatorIdInput');

/** A successful login: the account, the token for its cookie, and when the login ends. */
export interface OperatorLogin {
  readonly operator: Operator;
  readonly token: string;
  readonly expiresAt: Date;
}

interface Deps {
  readonly operators: Operators;
  readonly credentials: Credentials;
  readonly clock: Clock;
}

/**
 * A hash to check an unknown e-mail's password against, so a login for an account that
 * does not exist takes as long as one with a wrong password (no account enumeration by timing).
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Logs an operator in: the password checked against its Argon2id hash, a new random token
 * whose digest is stored with an expiry. Unknown e-mail, wrong password and a deactivated
 * account are all `InvalidCredentials`.
 */
export const makeLoginOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | InvalidCredentials | StorageUnavailable, OperatorLogin> =>
    pipe(
      decodeInput(LoginOperatorInput, input),
      TE.flatMap((i) =>
        pipe(
          deps.operators.findCredentials(i.email),
          TE.flatMap((found) =>
            pipe(
              deps.credentials.verifyPassword(found?.passwordHash ?? DUMMY_HASH, i.password),
              TE.flatMap((ok) =>
                found && ok && found.operator.isActive
                  ? TE.right(found.operator)
                  : TE.left<InvalidCredentials | StorageUnavailable, Operator>(invalidCredentials),
              ),
            ),
          ),
          TE.flatMap((operator) => {
            const now = deps.clock.now();
            const expiresAt = new Date(now.getTime() + LOGIN_LIFETIME_MS);
            const { token, digest } = deps.credentials.newLoginToken();
            return pipe(
              deps.operators.startLogin(digest, operator.id, expiresAt, now),
              TE.map(() => ({ operator, token, expiresAt })),
            );
          }),
        ),
      ),
    );

/** The operator a login token belongs to, when the login is current and the account active; else null. */
export const makeAuthenticateOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, Operator | null> =>
    pipe(
      decodeInput(LoginTokenInput, input),
      TE.flatMap((i) => deps.operators.findLogin(deps.credentials.digestOf(i.token), deps.clock.now())),
    );

/** Ends the login of a token (logging out); a token that is not a login is ignored. */
export const makeLogoutOperator =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, void> =>
    pipe(
      decodeInput(LoginTokenInput, input),
      TE.flatMap((i) => deps.operators.endLogin(deps.credentials.digestOf(i.token))),
    );

/** A heartbeat of an operator's open inbox: online for the presence window from now. */
export const makeRecordOperatorPresence =
  (deps: Pick<Deps, 'operators' | 'clock'>) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, void> =>
    pipe(
      decodeInput(OperatorIdInput, input),
      TE.flatMap((i) => deps.operators.recordPresence(i.operatorId, deps.clock.now())),
    );
