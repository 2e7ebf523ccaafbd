import * as E from 'fp-ts/lib/Either.js';
import type { CommonQueryMethods } from 'slonik';
import type { StorageTask } from '../../src/ports/storage-result.js';
import { isRetryableTransactionError, toStorageError, type ConstraintErrors } from './storage-errors.js';

/** Where repository statements run: the pool, or one transaction's connection. */
export interface QueryTarget {
  readonly connection: CommonQueryMethods;
  /**
   * Inside a transaction a serialization failure or deadlock is re-thrown, not turned
   * into a Left, so that slonik can roll back and run the transaction body again.
   */
  readonly inTransaction: boolean;
}

/** Runs `run` and turns a thrown driver error into the matching domain error (Left). */
export const storageTask =
  <A, E = never>(
    target: QueryTarget,
    run: () => Promise<E.Either<E, A>>,
    constraints: ConstraintErrors<E> = {},
  ): StorageTask<A, E> =>
  async () => {
    try {
      return await run();
    } catch (error) {
      if (target.inTransaction && isRetryableTransactionError(error)) throw error;
      return E.left(toStorageError(error, constraints));
    }
  };

/** A storage call without domain errors of its own. */
export const storageValue = <A>(target: QueryTarget, run: () => Promise<A>): StorageTask<A> =>
  storageTask(target, async () => E.right(await run()));
