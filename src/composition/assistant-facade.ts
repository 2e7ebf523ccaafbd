import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { AssistantOperations } from '../application/assistant-port.js';
import type { UseCases } from '../application/use-cases.js';
import type { DomainError } from '../domain/errors.js';
import { AssistantError } from './assistant-error.js';

/**
 * The Promise API for host applications: every operation of the one list (`makeUseCases`,
 * the specification's operations in camelCase plus the use-cases) as a method taking its
 * typed input. Each validates its input and rejects with an `AssistantError` whose `tag`
 * names the failure: the errors listed on each method, and `StorageUnavailable` from any
 * of them when the database cannot be reached.
 */
export interface Assistant extends AssistantOperations {
  /** `sqljs` or `postgres`. */
  readonly storageKind: string;
  /** The same operations as `TaskEither`s, for fp-ts users. */
  readonly useCases: UseCases;
  /** Releases the storage (connections, or the final write of a file-backed store). */
  close(): Promise<void>;
}

/** Runs a use-case, resolving with its value or rejecting with an AssistantError. */
export const runTask = async <E extends DomainError, A>(task: TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new AssistantError(result.left);
  return result.right;
};

type AnyUseCase = (input?: unknown, ...rest: ReadonlyArray<unknown>) => TaskEither<DomainError, unknown>;

/**
 * The facade: one generic wrapper per operation of the list. A method called without
 * input passes `{}` (every operation whose input fields are all optional accepts it; the
 * others name the first missing field).
 */
export const makeAssistantFacade = (useCases: UseCases, storageKind: string, close: () => Promise<void>): Assistant => {
  const operations = Object.fromEntries(
    Object.entries(useCases as Readonly<Record<string, AnyUseCase>>).map(([name, run]) => [
      name,
      (input: unknown = {}, ...rest: ReadonlyArray<unknown>) => runTask(run(input, ...rest)),
    ]),
  );
  // each entry is the Promise form of the same-named use-case, which is what AssistantOperations derives
  return { ...(operations as unknown as AssistantOperations), storageKind, useCases, close };
};
