import type { TaskEither } from 'fp-ts/lib/TaskEither.js';

/** A login token for an operator's cookie, and the digest under which its login is stored. */
export interface LoginToken {
  /** Random, unguessable: goes to the browser (HttpOnly cookie) and nowhere else. */
  readonly token: string;
  /** What storage keeps: the token cannot be recovered from it. */
  readonly digest: string;
}

/**
 * Operators' secrets: passwords (a slow, salted hash: Argon2id in the default adapter) and
 * login tokens (random, stored only as a digest, so a leaked table opens no session).
 */
export interface Credentials {
  /** A self-describing hash string (algorithm, parameters, salt). */
  hashPassword(password: string): TaskEither<never, string>;
  /** Whether `password` matches `hash`; false for a malformed hash. */
  verifyPassword(hash: string, password: string): TaskEither<never, boolean>;
  /** A new random login token and its digest. */
  newLoginToken(): LoginToken;
  /** The digest of a presented token (the same as `newLoginToken` gave with it). */
  digestOf(token: string): string;
}
