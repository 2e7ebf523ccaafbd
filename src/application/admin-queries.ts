import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Limit, NonNegativeInt, struct, Uuid } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { ChatSessions } from '../ports/chat-sessions.js';
import type { CategoryCount, KnowledgeBase } from '../ports/knowledge-base.js';
import { decodeInput } from './decode-input.js';

export const FindSessionInput = t.exact(t.type({ sessionUuid: Uuid }), 'FindSessionInput');
export const PageInput = struct('PageInput', {}, { limit: Limit, offset: NonNegativeInt });
export const ListKnowledgeInput = struct(
  'ListKnowledgeInput',
  {},
  { limit: Limit, offset: NonNegativeInt, includeInactive: t.boolean },
);

/** The specification's "find a session by its UUID"; null when there is none. */
export const makeFindSession =
  (deps: { sessions: ChatSessions }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ChatSession | null> =>
    pipe(
      decodeInput(FindSessionInput, input),
      TE.flatMap((i) => deps.sessions.findByUuid(i.sessionUuid.toLowerCase())),
    );

/** The specification's "all active sessions", a page at a time (default 100), oldest first. */
export const makeListActiveSessions =
  (deps: { sessions: ChatSessions }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<ChatSession>> =>
    pipe(
      decodeInput(PageInput, input ?? {}),
      TE.flatMap((i) => deps.sessions.listActive({ limit: i.limit ?? 100, offset: i.offset ?? 0 })),
    );

/** FAQ entries, a page at a time (default 100), by id. */
export const makeListKnowledge =
  (deps: { knowledge: KnowledgeBase }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<KnowledgeEntry>> =>
    pipe(
      decodeInput(ListKnowledgeInput, input ?? {}),
      TE.flatMap((i) =>
        deps.knowledge.list({
          limit: i.limit ?? 100,
          offset: i.offset ?? 0,
          includeInactive: i.includeInactive ?? false,
        }),
      ),
    );

/** The specification's "FAQ statistics by category". */
export const makeFaqCategoryStats =
  (deps: { knowledge: KnowledgeBase }) => (): TE.TaskEither<StorageUnavailable, ReadonlyArray<CategoryCount>> =>
    deps.knowledge.countByCategory();
