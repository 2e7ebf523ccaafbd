import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { StorageUnavailable } from '../domain/errors.js';

/** What every storage call returns: its value, its own errors, or `StorageUnavailable`. */
export type StorageTask<A, E = never> = TaskEither<E | StorageUnavailable, A>;
