import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { storageUnavailable, type StorageUnavailable } from '../../src/domain/errors.js';
import type { Repositories, UnitOfWork } from '../../src/ports/repositories.js';
import {
  failureMessage,
  resyncIndexesAfterRollback,
  transactionExecutor,
  type Executor,
  type StoreCore,
  type TransactionScope,
} from './executor.js';

/**
 * Transactions hold the store's lock from BEGIN to COMMIT/ROLLBACK, so they run one
 * after another and never interleave with calls outside them: trivially serializable,
 * hence `work` is never retried here.
 */
export const createUnitOfWork = (
  core: StoreCore,
  makeRepositories: (executor: Executor) => Repositories,
): UnitOfWork => ({
  transaction:
    <Err, A>(work: (repositories: Repositories) => TaskEither<Err, A>): TaskEither<Err | StorageUnavailable, A> =>
    () =>
      core.mutex.run(async (): Promise<E.Either<Err | StorageUnavailable, A>> => {
        if (core.closed) return E.left(storageUnavailable('the sql.js storage is closed'));
        const generation = core.indexes.generation;
        try {
          core.db.exec('BEGIN');
        } catch (error) {
          return E.left(storageUnavailable(`sql.js: ${failureMessage(error)}`));
        }
        const scope: TransactionScope = { open: true, wrote: false };
        const rollBack = () => {
          scope.open = false;
          try {
            core.db.exec('ROLLBACK');
          } catch {
            // SQLite already rolled back by itself after some errors; nothing is left to undo
          }
          resyncIndexesAfterRollback(core, generation);
        };
        let outcome: E.Either<Err, A>;
        try {
          outcome = await work(makeRepositories(transactionExecutor(core, scope)))();
        } catch (error) {
          // a throwing `work` is a bug in the caller: undo everything and let it propagate
          rollBack();
          throw error;
        }
        if (E.isLeft(outcome)) {
          rollBack();
          return outcome;
        }
        scope.open = false;
        try {
          core.db.exec('COMMIT');
        } catch (error) {
          rollBack();
          return E.left(storageUnavailable(`sql.js: ${failureMessage(error)}`));
        }
        if (scope.wrote) core.onCommittedWrite();
        return outcome;
      }),
});
