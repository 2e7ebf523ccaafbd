import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { storageUnavailable, type StorageUnavailable } from '../../src/domain/errors.js';
import type { KnowledgeIndexes } from './knowledge-indexes.js';
import type { Mutex } from './mutex.js';
import type { SqlDatabase } from './sql-database.js';

/** One repository call: synchronous, so nothing can interleave with it once it runs. */
export type Operation<E, A> = (db: SqlDatabase) => E.Either<E, A>;

/** How repositories run their operations: under the store's lock, or inside a transaction that holds it. */
export interface Executor {
  read<E, A>(operation: Operation<E, A>): TaskEither<E | StorageUnavailable, A>;
  /** Runs in a savepoint: a Left or a throw leaves no partial write behind. */
  write<E, A>(operation: Operation<E, A>): TaskEither<E | StorageUnavailable, A>;
}

/** What every executor shares. */
export interface StoreCore {
  readonly db: SqlDatabase;
  readonly indexes: KnowledgeIndexes;
  readonly mutex: Mutex;
  closed: boolean;
  /** Called after a write became durable in memory (committed outside any open transaction). */
  onCommittedWrite(): void;
}

export const failureMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const closedError = storageUnavailable('the sql.js storage is closed');

const attempt = <E, A>(core: StoreCore, operation: Operation<E, A>): E.Either<E | StorageUnavailable, A> => {
  try {
    return operation(core.db);
  } catch (error) {
    return E.left(storageUnavailable(`sql.js: ${failureMessage(error)}`));
  }
};

/** Restores the search indexes when a rollback undid a knowledge write they had already seen. */
export const resyncIndexesAfterRollback = (core: StoreCore, generationBefore: number): void => {
  if (core.indexes.generation !== generationBefore) core.indexes.rebuild(core.db);
};

const SAVEPOINT = 'repository_call';

const runAtomically = <E, A>(core: StoreCore, operation: Operation<E, A>): E.Either<E | StorageUnavailable, A> => {
  const generation = core.indexes.generation;
  try {
    core.db.exec(`SAVEPOINT ${SAVEPOINT}`);
  } catch (error) {
    return E.left(storageUnavailable(`sql.js: ${failureMessage(error)}`));
  }
  const result = attempt(core, operation);
  if (E.isRight(result)) {
    try {
      core.db.exec(`RELEASE ${SAVEPOINT}`);
      return result;
    } catch (error) {
      rollBack(core, generation);
      return E.left(storageUnavailable(`sql.js: ${failureMessage(error)}`));
    }
  }
  rollBack(core, generation);
  return result;
};

const rollBack = (core: StoreCore, generation: number): void => {
  try {
    core.db.exec(`ROLLBACK TO ${SAVEPOINT}; RELEASE ${SAVEPOINT}`);
  } finally {
    resyncIndexesAfterRollback(core, generation);
  }
};

/** For calls outside a transaction: each takes the lock for its duration. */
export const lockedExecutor = (core: StoreCore): Executor => ({
  read: (operation) => () => core.mutex.run(() => (core.closed ? E.left(closedError) : attempt(core, operation))),
  write: (operation) => () =>
    core.mutex.run(() => {
      if (core.closed) return E.left(closedError);
      const result = runAtomically(core, operation);
      if (E.isRight(result)) core.onCommittedWrite();
      return result;
    }),
});

export interface TransactionScope {
  open: boolean;
  wrote: boolean;
}

const finishedError = storageUnavailable('repository used after its transaction finished');

/** For calls inside `transaction(work)`: the transaction already holds the lock, so taking it again would deadlock. */
export const transactionExecutor = (core: StoreCore, scope: TransactionScope): Executor => ({
  read: (operation) => () => Promise.resolve(scope.open ? attempt(core, operation) : E.left(finishedError)),
  write: (operation) => () => {
    if (!scope.open) return Promise.resolve(E.left(finishedError));
    const result = runAtomically(core, operation);
    if (E.isRight(result)) scope.wrote = true;
    return Promise.resolve(result);
  },
});
