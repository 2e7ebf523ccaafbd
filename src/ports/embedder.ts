import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { EmbeddingFailed } from '../domain/errors.js';

/** Turns texts into vectors for semantic search. */
export interface Embedder {
  /** Identifies the model that made a vector; stored beside each embedding. */
  readonly model: string;
  /** Length of every vector (1024, the specification's `Vector(1024)`). */
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: ReadonlyArray<string>): TaskEither<EmbeddingFailed, ReadonlyArray<Float32Array>>;
}
