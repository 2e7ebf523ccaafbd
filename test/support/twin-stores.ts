/**
 * The same use-cases over sql.js and PostgreSQL side by side, with one fixed clock value
 * and one id sequence each, so that the same calls give comparable answers. Used by the
 * property and model-based tests to check that both adapters behave identically.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { createAssistant, type Assistant, type UseCases } from '../../src/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import type { Storage } from '../../src/ports/repositories.js';
import { fixedClock, sequentialIds } from './test-doubles.js';

export interface Twin {
  readonly name: 'sqljs' | 'postgres';
  readonly useCases: UseCases;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly assistant: Assistant;
}

export const openTwin = async (name: Twin['name'], storage: Storage): Promise<Twin> => {
  const clock = fixedClock('2025-06-01T10:00:00.000Z');
  const assistant = await createAssistant(
    { embedder: { kind: 'none' } },
    { storage, embedder: null, clock, ids: sequentialIds() },
  );
  return { name, useCases: assistant.useCases, clock, assistant };
};

/** What a call came to, in a form both adapters must agree on. */
export type Outcome =
  | { readonly kind: 'right' }
  | { readonly kind: 'left'; readonly tag: string; readonly path: string | null }
  | { readonly kind: 'threw'; readonly message: string };

export const outcomeOf = async <A>(run: () => TaskEither<DomainError, A>): Promise<Outcome> => {
  try {
    const result = await run()();
    if (E.isRight(result)) return { kind: 'right' };
    return {
      kind: 'left',
      tag: result.left._tag,
      path: result.left._tag === 'ValidationError' ? result.left.path : null,
    };
  } catch (error) {
    return { kind: 'threw', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
};

const NUMERIC_REFERENCES = new Set(['id', 'sessionId', 'visitorId', 'userId', 'knowledgeId']);

/**
 * Drops database ids (PostgreSQL spends a sequence value on a failed insert, SQLite does
 * not, so ids may differ while the data is the same); a reference keeps only whether it is set.
 */
export const withoutIds = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Float32Array) return Array.from(value);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      NUMERIC_REFERENCES.has(key) && typeof v === 'number' ? 'set' : withoutIds(v),
    ]),
  );
};

const read = async <A>(task: TaskEither<DomainError, A>): Promise<A | string> => {
  const result = await task();
  return E.isRight(result) ? result.right : `error:${result.left._tag}`;
};

/** Everything a host can read back through the use-cases, without ids. */
export const observableState = async (u: UseCases, visitorUuids: ReadonlyArray<string>): Promise<unknown> =>
  withoutIds({
    visitors: await Promise.all(visitorUuids.map((visitorUuid) => read(u.exportVisitorData({ visitorUuid })))),
    active: await read(u.listActiveSessions({})),
    knowledge: await read(u.listKnowledge({ includeInactive: true })),
    categories: await read(u.faqCategoryStats()),
    widgets: await read(u.listWidgetProfiles()),
    context: await read(u.listContext({})),
  });
