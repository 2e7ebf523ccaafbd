import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { struct } from '../domain/codecs.js';
import { EMBEDDING_DIMENSIONS } from '../domain/entities/knowledge-entry.js';
import {
  embeddingFailed,
  type EmbeddingFailed,
  type StorageUnavailable,
  type ValidationError,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeBase, NewEmbedding, ReembedCandidate } from '../ports/knowledge-base.js';
import { decodeInput } from './decode-input.js';
import { embeddingText } from './embed-entries.js';

const MAX_BATCH = 1_000;
const DEFAULT_BATCH = 64;

const BatchSize = new t.Type<number, number, unknown>(
  'BatchSize',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= MAX_BATCH,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= MAX_BATCH
      ? t.success(u)
      : t.failure(u, c, `must be an integer from 1 to ${MAX_BATCH}`),
  (a) => a,
);

export const ReembedInput = struct(
  'ReembedInput',
  {},
  { /** Entries embedded per provider call and written per transaction (default 64). */ batchSize: BatchSize },
);
export type ReembedInput = t.TypeOf<typeof ReembedInput>;

/** Called after every written batch (and once at the start with done = 0). */
export type ReembedProgress = (done: number, total: number) => void;

/** What a Reembed run did: how many entries got a new vector and how many were left as they were. */
export interface ReembedResult {
  /** Entries that now carry a vector of the configured embedder. */
  readonly reembedded: number;
  /**
   * Entries left as they were: the embedder returned no usable vector for them (wrong
   * size, not finite), or they were deleted or re-embedded by an edit meanwhile.
   */
  readonly failed: number;
}

export type ReembedError = ValidationError | EmbeddingFailed | StorageUnavailable;

interface Deps {
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder | null;
  readonly clock: Clock;
}

const usable = (vector: Float32Array | undefined): vector is Float32Array =>
  vector !== undefined && vector.length === EMBEDDING_DIMENSIONS && vector.every(Number.isFinite);

interface Tally {
  readonly reembedded: number;
  readonly failed: number;
}

/**
 * Rebuilds the vectors of every entry (active or not) that has none or has one from
 * another embedder: a batch is embedded outside any transaction, then written in one.
 * Batches are walked by id (keyset), so an entry that cannot be embedded is not retried
 * forever. An embedder failure stops the run with EmbeddingFailed; the batches already
 * written stay, and running it again continues where it stopped.
 */
export const makeReembed =
  (deps: Deps) =>
  (input: unknown, onProgress: ReembedProgress = () => {}): TE.TaskEither<ReembedError, ReembedResult> => {
    const embedder = deps.embedder;
    if (!embedder) {
      return TE.left(embeddingFailed('no embedder is configured (EMBEDDER=none): there is nothing to re-embed with'));
    }
    const embedBatch = (
      batch: ReadonlyArray<ReembedCandidate>,
      tally: Tally,
    ): TE.TaskEither<EmbeddingFailed | StorageUnavailable, Tally> =>
      pipe(
        embedder.embed(batch.map(embeddingText)),
        TE.mapLeft((e) =>
          embeddingFailed(
            tally.reembedded > 0
              ? `${e.message} (stopped after ${tally.reembedded} entries were re-embedded; they are kept, run it again to continue)`
              : e.message,
          ),
        ),
        TE.flatMap((vectors) => {
          const rows: NewEmbedding[] = [];
          batch.forEach((entry, i) => {
            const vector = vectors[i];
            if (usable(vector)) rows.push({ id: entry.id, embedding: vector, embeddingModel: embedder.model });
          });
          return pipe(
            rows.length === 0 ? TE.right(0) : deps.knowledge.setEmbeddings(rows, deps.clock.now()),
            TE.map((written) => ({
              reembedded: tally.reembedded + written,
              failed: tally.failed + batch.length - written,
            })),
          );
        }),
      );

    const run = (batchSize: number, total: number) => {
      const step = (afterId: number, tally: Tally): TE.TaskEither<EmbeddingFailed | StorageUnavailable, Tally> =>
        pipe(
          deps.knowledge.listForReembed({ exceptModel: embedder.model, afterId, limit: batchSize }),
          TE.flatMap((batch) => {
            const last = batch[batch.length - 1];
            if (!last) return TE.right(tally);
            return pipe(
              embedBatch(batch, tally),
              TE.flatMap((next) => {
                const done = next.reembedded + next.failed;
                onProgress(done, Math.max(total, done));
                return step(last.id, next);
              }),
            );
          }),
        );
      onProgress(0, total);
      return step(0, { reembedded: 0, failed: 0 });
    };

    return pipe(
      decodeInput(ReembedInput, input ?? {}),
      TE.flatMap((i) =>
        pipe(
          deps.knowledge.embeddingModels(),
          TE.map((stored) => stored.filter((g) => g.model !== embedder.model).reduce((sum, g) => sum + g.count, 0)),
          TE.flatMap((total) => run(i.batchSize ?? DEFAULT_BATCH, total)),
        ),
      ),
    );
  };
