import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { StorageUnavailable } from '../domain/errors.js';
import type { Embedder } from '../ports/embedder.js';
import type { EmbeddingModelCount, KnowledgeBase } from '../ports/knowledge-base.js';

/** CheckEmbedder's report: the configured embedder, which models made the stored vectors, how many are stale. */
export interface EmbedderCheck {
  /** The configured embedder's model id; null when none is configured (text search only). */
  readonly configured: string | null;
  /** Entries per stored `embedding_model` (null: no vector), most first. */
  readonly stored: ReadonlyArray<EmbeddingModelCount>;
  /** Entries whose vector is missing or was made by another embedder than the configured one. */
  readonly stale: number;
  /** What to do about the stale entries, as a sentence for a log or a terminal; null when nothing is stale. */
  readonly message: string | null;
}

const REMEDY = 'run `web-assistant reembed`.';

const phrase = (group: EmbeddingModelCount): string =>
  group.model === null ? `${group.count} without a vector` : `${group.count} with ${group.model}`;

/** The sentence of `EmbedderCheck.message`, e.g. "12 of 40 FAQ entries were embedded with X, but the configured embedder is Y: run ...". */
export const describeStaleEmbeddings = (
  configured: string,
  stored: ReadonlyArray<EmbeddingModelCount>,
): string | null => {
  const staleGroups = stored.filter((g) => g.model !== configured && g.count > 0);
  const stale = staleGroups.reduce((sum, g) => sum + g.count, 0);
  if (stale === 0) return null;
  const total = stored.reduce((sum, g) => sum + g.count, 0);
  const head = `${stale} of ${total} FAQ ${total === 1 ? 'entry' : 'entries'}`;
  const [only] = staleGroups;
  if (staleGroups.length === 1 && only) {
    const what =
      only.model === null
        ? `${stale === 1 ? 'has' : 'have'} no vector`
        : `${stale === 1 ? 'was' : 'were'} embedded with ${only.model}`;
    return `${head} ${what}, but the configured embedder is ${configured}: ${REMEDY}`;
  }
  return `${head} were not embedded with the configured embedder ${configured} (${staleGroups.map(phrase).join(', ')}): ${REMEDY}`;
};

/**
 * Compares the embedder that made each stored vector with the configured one. Vectors
 * of different models are not comparable, so after a change of embedder vector search
 * silently ranks badly until the entries are re-embedded; this makes that visible.
 */
export const makeCheckEmbedder =
  (deps: { knowledge: KnowledgeBase; embedder: Embedder | null }) =>
  (): TE.TaskEither<StorageUnavailable, EmbedderCheck> =>
    pipe(
      deps.knowledge.embeddingModels(),
      TE.map((stored): EmbedderCheck => {
        const configured = deps.embedder?.model ?? null;
        if (configured === null) return { configured, stored, stale: 0, message: null };
        const stale = stored.filter((g) => g.model !== configured).reduce((sum, g) => sum + g.count, 0);
        return { configured, stored, stale, message: describeStaleEmbeddings(configured, stored) };
      }),
    );
