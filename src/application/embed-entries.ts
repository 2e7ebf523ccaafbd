import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EmbeddingFailed } from '../domain/errors.js';
import type { Embedder } from '../ports/embedder.js';

/** The text an FAQ entry is embedded from: its question, sharpened by its keywords. */
export const embeddingText = (entry: { question: string; keywords: string | null }): string =>
  entry.keywords ? `${entry.question}\n${entry.keywords}` : entry.question;

export interface EmbeddedText {
  readonly embedding: Float32Array | null;
  readonly embeddingModel: string | null;
}

const NONE: EmbeddedText = { embedding: null, embeddingModel: null };
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
    TE.traverseSeqArray((batch) => embedder.embed(batch)),
    TE.map((vectors) =>
      vectors.flat().map((embedding): EmbeddedText => ({ embedding, embeddingModel: embedder.model })),
    ),
    TE.orElseW((_: EmbeddingFailed) => TE.right(texts.map(() => NONE))),
  );
};
