/**
 * The application's input port: every operation of the one list (`makeUseCases`) as a
 * Promise method. Derived from that list, never written out, so an operation is declared
 * once. The Promise facade (`Assistant`, in composition) implements `AssistantOperations`;
 * a driving adapter (the HTTP host) depends on this file only, type-only
 * (docs/adr/0014-one-list-of-operations.md).
 */
import type { PromiseOperations, UncheckedOperations } from './operation.js';
import type { UseCases } from './use-cases.js';

/** Every operation taking its typed input, resolving with its result, rejecting with its error. */
export type AssistantOperations = PromiseOperations<UseCases>;

/**
 * Every operation taking `unknown` input, for a host that passes request data through:
 * each operation validates its input and rejects with a `ValidationError` naming the field.
 */
export type AssistantPort = UncheckedOperations<UseCases> & {
  /** `sqljs` or `postgres`. */
  readonly storageKind: string;
};

/** What a host is given: the facade's operations (an `Assistant` is one) and its storage kind. */
export type HostedAssistant = AssistantOperations & {
  /** `sqljs` or `postgres`. */
  readonly storageKind: string;
};
