/**
 * An Embedder that needs no network, no model download and no key: hashed stemmed words,
 * word pairs and character n-grams (see hashed-text-vector.ts and docs/adr/0005).
 * Deterministic across runs and machines, so stored vectors stay valid until `model` changes.
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { embeddingFailed } from '../../src/domain/errors.js';
import type { Embedder } from '../../src/ports/embedder.js';
import { DEFAULT_FEATURE_CONFIG, hashedTextVector } from './hashed-text-vector.js';

/** Bump whenever features, weights or hashing change: it is stored beside every vector. */
export const OFFLINE_EMBEDDER_VERSION = 1;
export const DEFAULT_OFFLINE_DIMENSIONS = 1024;

export interface OfflineEmbedderOptions {
  /** Vector length; the specification's Vector(1024) by default. */
  readonly dimensions?: number;
}

export const offlineModelName = (dimensions: number): string =>
  `offline-hash-v${OFFLINE_EMBEDDER_VERSION}-${dimensions}`;

export const createOfflineEmbedder = (options: OfflineEmbedderOptions = {}): Embedder => {
  const dimensions = options.dimensions ?? DEFAULT_OFFLINE_DIMENSIONS;
  if (!Number.isInteger(dimensions) || dimensions < 2) {
    // A configuration mistake, not a runtime condition: fail where the embedder is built.
    throw new RangeError(`offline embedder dimensions must be an integer >= 2, got ${String(dimensions)}`);
  }
  return {
    model: offlineModelName(dimensions),
    dimensions,
    embed: (texts) =>
      TE.tryCatch(
        () => Promise.resolve(texts.map((text) => hashedTextVector(text, dimensions, DEFAULT_FEATURE_CONFIG))),
        (error) =>
          embeddingFailed(`offline embedder failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
  };
};
