import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Id, struct } from '../domain/codecs.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { KnowledgeEntryNotFound, StorageUnavailable, ValidationError, VisitorNotFound } from '../domain/errors.js';
import { knowledgeEntryNotFound } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeBase, KnowledgePatch } from '../ports/knowledge-base.js';
import { KnowledgeFields, OptionalKnowledgeFields } from './add-knowledge.js';
import { decodeInput } from './decode-input.js';
import { embedAll, embeddingText } from './embed-entries.js';
import { visitorReferenceProps } from './visitor-reference.js';

export const UpdateKnowledgeInput = struct(
  'UpdateKnowledgeInput',
  { id: Id },
  { ...KnowledgeFields, ...OptionalKnowledgeFields, autoEmbed: t.boolean },
);
export const KnowledgeIdInput = t.exact(t.type({ id: Id }), 'KnowledgeIdInput');
/**
 * The entry (`id`) a vote is for and, for a visitor's vote, the visitor by numeric
 * `visitorId` or `visitorUuid`. Without a visitor the call is a trusted count (an
 * operator's own tool, an import of old counts): it always adds one.
 */
export const MarkAnswerHelpfulInput = struct('MarkAnswerHelpfulInput', { id: Id }, visitorReferenceProps);

export type KnowledgeWriteError = ValidationError | KnowledgeEntryNotFound | StorageUnavailable;

interface Deps {
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder | null;
  readonly clock: Clock;
}

/** Changes an FAQ entry; a changed question or keywords is re-embedded (unless autoEmbed is false). */
export const makeUpdateKnowledge =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<KnowledgeWriteError, KnowledgeEntry> =>
    pipe(
      decodeInput(UpdateKnowledgeInput, input),
      TE.flatMap((i) =>
        pipe(
          deps.knowledge.findById(i.id),
          TE.flatMap((current) => (current ? TE.right(current) : TE.left(knowledgeEntryNotFound(i.id)))),
          TE.flatMap((current) => {
            const { id: _id, autoEmbed, ...fields } = i;
            const question = fields.question ?? current.question;
            const keywords = fields.keywords === undefined ? current.keywords : fields.keywords;
            const textChanged = question !== current.question || keywords !== current.keywords;
            if (!textChanged) return TE.right<never, KnowledgePatch>(fields);
            // a vector of the old text would keep answering the old question: drop it (reembed refills it)
            if (autoEmbed === false)
              return TE.right<never, KnowledgePatch>({ ...fields, embedding: null, embeddingModel: null });
            return pipe(
              embedAll(deps.embedder, [embeddingText({ question, keywords })]),
              TE.map(([v]) => ({
                ...fields,
                embedding: v?.embedding ?? null,
                embeddingModel: v?.embeddingModel ?? null,
              })),
            );
          }),
          TE.flatMap((patch) => deps.knowledge.update(i.id, patch, deps.clock.now())),
        ),
      ),
    );

/** Hides an FAQ entry from search without deleting it. */
export const makeDeactivateKnowledge =
  (deps: { knowledge: KnowledgeBase; clock: Clock }) =>
  (input: unknown): TE.TaskEither<KnowledgeWriteError, KnowledgeEntry> =>
    pipe(
      decodeInput(KnowledgeIdInput, input),
      TE.flatMap((i) => deps.knowledge.update(i.id, { isActive: false }, deps.clock.now())),
    );

/**
 * Counts a "this answer helped" vote (`helpfulCount`), atomically: once per visitor and
 * entry when the vote names its visitor (a repeated vote is accepted and changes
 * nothing), every time when it names none (a trusted caller's count).
 */
export const makeMarkAnswerHelpful =
  (deps: { knowledge: KnowledgeBase }) =>
  (input: unknown): TE.TaskEither<KnowledgeWriteError | VisitorNotFound, void> =>
    pipe(
      decodeInput(MarkAnswerHelpfulInput, input),
      TE.flatMap((i): TE.TaskEither<KnowledgeWriteError | VisitorNotFound, void> => {
        if (i.visitorId !== undefined)
          return pipe(deps.knowledge.recordHelpfulVote(i.id, { visitorId: i.visitorId }), TE.asUnit);
        if (i.visitorUuid !== undefined)
          return pipe(deps.knowledge.recordHelpfulVote(i.id, { visitorUuid: i.visitorUuid }), TE.asUnit);
        return deps.knowledge.incrementHelpful(i.id);
      }),
    );
