import * as E from 'fp-ts/lib/Either.js';
import { storageUnavailable } from '../../src/domain/errors.js';
import type { KnowledgeBase } from '../../src/ports/knowledge-base.js';
import type { Executor } from './executor.js';
import type { KnowledgeIndexes } from './knowledge-indexes.js';
import { integer, nullableText, sqlDate } from './row-mappers.js';
import { encodeVector, vectorProblem } from './vector-codec.js';

type EmbeddingMaintenance = Pick<KnowledgeBase, 'embeddingModels' | 'listForReembed' | 'setEmbeddings'>;

/** Re-embedding support for knowledge_base: which embedders made the stored vectors, and replacing them. */
export const createKnowledgeEmbeddings = (executor: Executor, indexes: KnowledgeIndexes): EmbeddingMaintenance => ({
  embeddingModels: () =>
    executor.read((db) =>
      E.right(
        db
          .all(
            `SELECT embedding_model AS model, count(*) AS count FROM knowledge_base
             GROUP BY embedding_model ORDER BY count DESC, embedding_model IS NULL, embedding_model`,
          )
          .map((row) => ({ model: nullableText(row, 'model'), count: integer(row, 'count') })),
      ),
    ),

  listForReembed: (query) =>
    executor.read((db) =>
      E.right(
        db
          .all(
            `SELECT id, question, keywords FROM knowledge_base
             WHERE id > ? AND (embedding_model IS NULL OR embedding_model <> ?)
             ORDER BY id LIMIT ?`,
            [query.afterId, query.exceptModel, query.limit],
          )
          .map((row) => ({
            id: integer(row, 'id'),
            question: nullableText(row, 'question') ?? '',
            keywords: nullableText(row, 'keywords'),
          })),
      ),
    ),

  // one savepoint for the whole batch (executor.write): a bad vector leaves nothing written
  setEmbeddings: (rows, now) =>
    executor.write((db) => {
      let written = 0;
      for (const row of rows) {
        const problem = vectorProblem(row.embedding);
        if (problem !== undefined) return E.left(storageUnavailable(`entry ${row.id}: ${problem}`));
        const updated = db.get(
          `UPDATE knowledge_base SET embedding = ?, embedding_model = ?, updated_at = ?
           WHERE id = ? AND embedding_model IS NOT ?
           RETURNING id, question, keywords, answer, category, priority, is_active`,
          [encodeVector(row.embedding), row.embeddingModel, sqlDate(now), row.id, row.embeddingModel],
        );
        if (!updated) continue;
        written++;
        // the vector index must see the new vector at once; a rollback rebuilds it (executor)
        indexes.put(
          row.id,
          {
            question: nullableText(updated, 'question') ?? '',
            keywords: nullableText(updated, 'keywords'),
            answer: nullableText(updated, 'answer') ?? '',
          },
          {
            isActive: integer(updated, 'is_active') !== 0,
            category: nullableText(updated, 'category'),
            priority: integer(updated, 'priority'),
          },
          row.embedding,
        );
      }
      return E.right(written);
    }),
});
