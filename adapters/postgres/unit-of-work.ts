import * as E from 'fp-ts/lib/Either.js';
import type { DatabasePool } from 'slonik';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { StorageUnavailable } from '../../src/domain/errors.js';
import type { Repositories, UnitOfWork } from '../../src/ports/repositories.js';
import { bindRepositories } from './bind-repositories.js';
import { toStorageError } from './storage-errors.js';
import type { VectorSearchSettings } from './vector-search-settings.js';

/** Carries a Left out of slonik's transaction callback: throwing is what makes it roll back. */
class RollbackWithLeft<L> {
  constructor(readonly left: L) {}
}

export const createUnitOfWork = (pool: DatabasePool, vectorSearch: VectorSearchSettings): UnitOfWork => ({
  transaction:
    <L, A>(work: (repositories: Repositories) => TaskEither<L, A>): TaskEither<L | StorageUnavailable, A> =>
    async () => {
    try {
      // slonik re-runs this body on serialization failures and deadlocks (repositories
      // re-throw those inside a transaction instead of returning a Left).
      const value = await pool.transaction(async (connection) => {
        const result = await work(bindRepositories({ connection, inTransaction: true }, vectorSearch))();
        if (E.isLeft(result)) throw new RollbackWithLeft(result.left);
        return result.right;
      });
      return E.right(value);
    } catch (error) {
      // only this call's own sentinel can reach here, so its payload is this work's L
      if (error instanceof RollbackWithLeft) return E.left(error.left as L);
      return E.left(toStorageError(error));
    }
  },
});
