import {
  BackendTerminatedError,
  BackendTerminatedUnexpectedlyError,
  ConnectionError,
  IdleTransactionTimeoutError,
  IntegrityConstraintViolationError,
  StatementCancelledError,
  StatementTimeoutError,
} from 'slonik';
import { storageUnavailable, type StorageUnavailable } from '../../src/domain/errors.js';
import { ConnectionWaitTimeoutError } from './bounded-pool.js';

/** Domain errors a repository call reports for violations of specific named constraints. */
export type ConstraintErrors<E> = Readonly<Record<string, () => E>>;

const errorCode = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = 'code' in error ? error.code : undefined;
  if (typeof code === 'string') return code;
  const cause: unknown = 'cause' in error ? error.cause : undefined;
  return cause !== error ? errorCode(cause) : undefined;
};

/** Socket-level failures reported by Node rather than by the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash). */
const isConnectionSqlState = (code: string) => code.startsWith('08') || code.startsWith('57P') || code === '53300';

/** Serialization failure and deadlock: slonik re-runs a transaction body that throws these. */
export const isRetryableTransactionError = (error: unknown): boolean => {
  const code = errorCode(error);
  return code === '40001' || code === '40P01';
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A clear message for every failure that is not one of the caller's own domain errors. */
export const describeStorageFailure = (error: unknown): string => {
  const code = errorCode(error);
  if (
    error instanceof ConnectionError ||
    error instanceof ConnectionWaitTimeoutError ||
    error instanceof BackendTerminatedError ||
    error instanceof BackendTerminatedUnexpectedlyError ||
    (code !== undefined && (NETWORK_CODES.has(code) || isConnectionSqlState(code)))
  ) {
    return `PostgreSQL is unavailable: ${messageOf(error)}`;
  }
  if (error instanceof StatementTimeoutError) return 'PostgreSQL statement timed out (statementTimeoutMs)';
  if (error instanceof StatementCancelledError) return 'PostgreSQL statement was cancelled';
  if (error instanceof IdleTransactionTimeoutError) return 'PostgreSQL ended a transaction left idle too long';
  const name = error instanceof Error ? error.constructor.name : 'Error';
  return `PostgreSQL query failed (${name}${code ? ` ${code}` : ''}): ${messageOf(error)}`;
};

/**
 * Maps a driver error to the caller's domain error by class and constraint name, or to
 * StorageUnavailable. Messages are never parsed.
 */
export const toStorageError = <E>(error: unknown, constraints: ConstraintErrors<E> = {}): E | StorageUnavailable => {
  if (error instanceof IntegrityConstraintViolationError && error.constraint !== null) {
    const domainError = constraints[error.constraint];
    if (domainError) return domainError();
  }
  return storageUnavailable(describeStorageFailure(error));
};

/** Thrown by createPostgresStorage when the server cannot be reached at start-up. */
export class PostgresUnavailableError extends Error {
  readonly _tag = 'StorageUnavailable' as const;
  constructor(override readonly cause: unknown) {
    super(describeStorageFailure(cause));
    this.name = 'PostgresUnavailableError';
  }
}
