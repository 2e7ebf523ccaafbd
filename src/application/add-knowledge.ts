import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Category, LongText, nullable, Priority, struct, text } from '../domain/codecs.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import { decodeInput } from './decode-input.js';
import { embedAll, embeddingText } from './embed-entries.js';

export const KnowledgeFields = {
  question: text(10_000),
  answer: LongText,
};
export const OptionalKnowledgeFields = {
  category: nullable(Category),
  keywords: nullable(text(10_000)),
  priority: Priority,
  isActive: t.boolean,
};

export const AddKnowledgeInput = struct('AddKnowledgeInput', KnowledgeFields, {
  ...OptionalKnowledgeFields,
  /** The specification's `auto_embed` (default true): false stores the entry without a vector. */
  autoEmbed: t.boolean,
});
export type AddKnowledgeInput = t.TypeOf<typeof AddKnowledgeInput>;

export const AddKnowledgeBulkInput = t.exact(
  t.intersection([
    t.type({ entries: t.array(struct('KnowledgeInput', KnowledgeFields, OptionalKnowledgeFields)) }),
    t.partial({ autoEmbed: t.boolean }),
  ]),
  'AddKnowledgeBulkInput',
);
export type AddKnowledgeBulkInput = t.TypeOf<typeof AddKnowledgeBulkInput>;

type KnowledgeInput = t.TypeOf<typeof AddKnowledgeBulkInput>['entries'][number];

interface Deps {
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder | null;
  readonly clock: Clock;
}

const MAX_BULK = 10_000;

const addEntries = (deps: Deps, entries: ReadonlyArray<KnowledgeInput>, autoEmbed: boolean) =>
  pipe(
    embedAll(
      autoEmbed ? deps.embedder : null,
      entries.map((e) => embeddingText({ question: e.question, keywords: e.keywords ?? null })),
    ),
    TE.flatMap((vectors) =>
      deps.knowledge.addMany(
        entries.map((e, i) => ({
          question: e.question,
          answer: e.answer,
          category: e.category ?? null,
          keywords: e.keywords ?? null,
          priority: e.priority ?? 0,
          isActive: e.isActive ?? true,
          embedding: vectors[i]?.embedding ?? null,
          embeddingModel: vectors[i]?.embeddingModel ?? null,
        })),
        deps.clock.now(),
      ),
    ),
  );

/**
 * The specification's `add_knowledge`. The question (with keywords) is embedded first,
 * outside any transaction; if the embedder is down the entry is stored without a vector.
 */
export const makeAddKnowledge =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, KnowledgeEntry> =>
    pipe(
      decodeInput(AddKnowledgeInput, input),
      TE.flatMap((i) => addEntries(deps, [i], i.autoEmbed ?? true)),
      TE.map((added) => added[0] as KnowledgeEntry),
    );

/** Bulk `add_knowledge`: embeds in batches, then inserts every entry in one transaction. */
export const makeAddKnowledgeBulk =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<KnowledgeEntry>> =>
    pipe(
      decodeInput(AddKnowledgeBulkInput, input),
      TE.filterOrElseW(
        (i) => i.entries.length <= MAX_BULK,
        () => ({
          _tag: 'ValidationError' as const,
          path: 'entries',
          message: `at most ${MAX_BULK} entries per call`,
          issues: [{ path: 'entries', message: `at most ${MAX_BULK} entries per call` }],
        }),
      ),
      TE.flatMap((i) => addEntries(deps, i.entries, i.autoEmbed ?? true)),
    );
