import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Category, ContextKey, LONG_TEXT_MAX, nullable, struct, text } from '../domain/codecs.js';
import type { ContextEntry } from '../domain/entities/context-entry.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { AgentContext } from '../ports/agent-context.js';
import type { Clock } from '../ports/clock.js';
import { decodeInput } from './decode-input.js';

export const SetContextInput = struct(
  'SetContextInput',
  { key: ContextKey, value: text(LONG_TEXT_MAX, { allowEmpty: true }) },
  { category: nullable(Category) },
);
export const GetContextInput = t.exact(t.type({ key: ContextKey }), 'GetContextInput');
export const ListContextInput = struct('ListContextInput', {}, { category: nullable(Category) });

/** The specification's `set_context(key, value, category)`: inserts or replaces. */
export const makeSetContext =
  (deps: { context: AgentContext; clock: Clock }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ContextEntry> =>
    pipe(
      decodeInput(SetContextInput, input),
      TE.flatMap((i) => deps.context.set(i.key, i.value, i.category ?? null, deps.clock.now())),
    );

/** A context entry with its category and timestamps, or null when the key is not set. */
export const makeGetContextEntry =
  (deps: { context: AgentContext }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ContextEntry | null> =>
    pipe(
      decodeInput(GetContextInput, input),
      TE.flatMap((i) => deps.context.get(i.key)),
    );

/** The specification's `get_context(key)`: the value, or null when the key is not set. */
export const makeGetContext =
  (deps: { context: AgentContext }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, string | null> =>
    pipe(
      makeGetContextEntry(deps)(input),
      TE.map((entry) => entry?.value ?? null),
    );

/** Every context entry, optionally of one category. */
export const makeListContext =
  (deps: { context: AgentContext }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<ContextEntry>> =>
    pipe(
      decodeInput(ListContextInput, input ?? {}),
      TE.flatMap((i) => deps.context.list(i.category ?? null)),
    );
