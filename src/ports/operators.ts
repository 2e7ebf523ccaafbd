import type { Operator, OperatorRole } from '../domain/entities/operator.js';
import type { DuplicateOperatorEmail, OperatorNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

/** An account to create; the password is already hashed (PasswordHasher). */
export interface NewOperator {
  readonly name: string;
  readonly email: string;
  readonly role: OperatorRole;
  readonly passwordHash: string;
}

/** Fields to change; absent fields keep their value. */
export interface OperatorPatch {
  readonly name?: string;
  readonly email?: string;
  readonly role?: OperatorRole;
  readonly isActive?: boolean;
  readonly passwordHash?: string;
}

/** An account with what a login checks. */
export interface OperatorCredentials {
  readonly operator: Operator;
  readonly passwordHash: string;
}

/** The `operators` collection, with presence and login sessions. */
export interface Operators {
  /** `DuplicateOperatorEmail` when another account has the e-mail in any letter case. */
  create(operator: NewOperator, now: Date): StorageTask<Operator, DuplicateOperatorEmail>;
  /** The account, active or not, or null. */
  findById(id: number): StorageTask<Operator | null>;
  /** The account with this e-mail (any letter case) and its password hash, or null. */
  findCredentials(email: string): StorageTask<OperatorCredentials | null>;
  /** Every account, by id. */
  list(): StorageTask<ReadonlyArray<Operator>>;
  /** Changes the given fields and `updated_at`; `OperatorNotFound` when absent. */
  update(id: number, patch: OperatorPatch, now: Date): StorageTask<Operator, OperatorNotFound | DuplicateOperatorEmail>;
  /** Records a heartbeat of the operator's open inbox (a narrow row of its own: cheap to repeat). */
  recordPresence(id: number, now: Date): StorageTask<void>;
  /** Active accounts whose last heartbeat is at or after `since`. */
  countOnline(since: Date): StorageTask<number>;
  /** Stores a login: the hash of the cookie's token, valid until `expiresAt`. */
  startLogin(tokenHash: string, operatorId: number, expiresAt: Date, now: Date): StorageTask<void>;
  /** The active account whose login has this token hash and has not expired at `now`, or null. */
  findLogin(tokenHash: string, now: Date): StorageTask<Operator | null>;
  /** Ends one login (log out). */
  endLogin(tokenHash: string): StorageTask<void>;
  /** Ends every login of the account (deactivated, password changed); returns how many. */
  endLoginsOf(operatorId: number): StorageTask<number>;
}
