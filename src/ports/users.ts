import type { DuplicateEmail, DuplicateUsername } from '../domain/errors.js';
import type { User } from '../domain/entities/user.js';
import type { StorageTask } from './storage-result.js';

/** A registered user to create; the store enforces unique usernames and e-mails. */
export interface NewUser {
  readonly username: string;
  readonly email: string | null;
  readonly phone: string | null;
}

/** The `users` collection. */
export interface Users {
  /**
   * `DuplicateUsername` when the username is taken (exact match), `DuplicateEmail` when the
   * e-mail is registered in any letter case. Decided by unique indexes, not by a prior read.
   */
  create(user: NewUser, now: Date): StorageTask<User, DuplicateUsername | DuplicateEmail>;
  /** The user with this id, or null when absent. */
  findById(id: number): StorageTask<User | null>;
}
