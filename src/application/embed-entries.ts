import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { EMBEDDING_DIMENSIONS } from '../domain/entities/knowledge-entry.js';
import { embeddingFailed, type EmbeddingFailed } from '../domain/errors.js';
import type { Embedder } from '../ports/embedder.js';

/** The text an FAQ entry is embedded from: its question, sharpened by its keywords. */
export const embeddingText = (entry: { question: string; keywords: string | null }): string =>
  entry.keywords ? `${entry.question}\n${entry.keywords}` : entry.question;

export interface EmbeddedText {
  readonly embedding: Float32Array | null;
  readonly embeddingModel: string | null;
}

const NONE: EmbeddedText = { embedding: null, embeddingModel: null };

/**
 * One finite vector of the stored length per text. A provider that answers with
 * anything else is treated as failed: storing its output would make the FAQ write
 * itself fail (both stores reject NaN and wrong lengths), losing the edit.
 */
const wellFormed = (texts: ReadonlyArray<string>, vectors: ReadonlyArray<Float32Array>): boolean =>
  vectors.length === texts.length &&
  vectors.every((v) => v instanceof Float32Array && v.length === EMBEDDING_DIMENSIONS && v.every(Number.isFinite));
const malformed = (): EmbeddingFailed => embeddingFailed('the embedder returned malformed vectors');
const BATCH = 64;

/**
 * Embeds texts in batches. When there is no embedder, or it fails, every entry is
 * stored without a vector (text search still finds it, and a re-embed can fill it in
 * later): an FAQ edit is never lost because a provider is down.
 */
export const embedAll = (
  embedder: Embedder | null,
  texts: ReadonlyArray<string>,
): TE.TaskEither<never, ReadonlyArray<EmbeddedText>> => {
  if (!embedder || texts.length === 0) return TE.right(texts.map(() => NONE));
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += BATCH) batches.push(texts.slice(i, i + BATCH));
  return pipe(
    batches,
    TE.traverseSeqArray((batch) =>
      pipe(
        embedder.embed(batch),
        TE.filterOrElse((vectors) => wellFormed(batch, vectors), malformed),
      ),
    ),
    TE.map((vectors) =>
      vectors.flat().map((embedding): EmbeddedText => ({ embedding, embeddingModel: embedder.model })),
    ),
    TE.orElseW((_: EmbeddingFailed) => TE.right(texts.map(() => NONE))),
  );
};
