import * as E from 'fp-ts/lib/Either.js';
import type { CommonQueryMethods } from 'slonik';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { StorageUnavailable } from '../../src/domain/errors.js';
import type { Repositories, UnitOfWork } from '../../src/ports/repositories.js';
import { bindRepositories } from './bind-repositories.js';
import { command } from './sql-helpers.js';
import { toStorageError } from './storage-errors.js';
import type { VectorSearchSettings } from './vector-search-settings.js';

/** Attempts of a unit of work that keeps failing to serialize before it is reported as StorageUnavailable. */
const SERIALIZATION_RETRIES = 10;

/** Carries a Left out of slonik's transaction callback: throwing is what makes it roll back. */
/** Thrown to make slonik roll back; an Error so stack-aware tooling treats it like one. */
class RollbackWithLeft<L> extends Error {
  constructor(readonly left: L) {
    super('unit of work returned Left');
    this.name = 'RollbackWithLeft';
  }
}

export const createUnitOfWork = (pool: CommonQueryMethods, vectorSearch: VectorSearchSettings): UnitOfWork => ({
  transaction:
    <L, A>(work: (repositories: Repositories) => TaskEither<L, A>): TaskEither<L | StorageUnavailable, A> =>
    async () => {
      try {
        // slonik re-runs this body on serialization failures and deadlocks (repositories
        // re-throw those inside a transaction instead of returning a Left).
        const value = await pool.transaction(async (connection) => {
          // SERIALIZABLE is what the port promises ("never interleave in a way a serial
          // order could not give"): a read-then-write unit cannot lose an update. It must
          // be the transaction's first statement.
          await connection.query(command`SET TRANSACTION ISOLATION LEVEL SERIALIZABLE`);
          const result = await work(bindRepositories({ connection, inTransaction: true }, vectorSearch))();
          if (E.isLeft(result)) throw new RollbackWithLeft(result.left);
          return result.right;
        }, SERIALIZATION_RETRIES);
        return E.right(value);
      } catch (error) {
        // only this call's own sentinel can reach here, so its payload is this work's L
        if (error instanceof RollbackWithLeft) return E.left(error.left as L);
        return E.left(toStorageError(error));
      }
    },
});
