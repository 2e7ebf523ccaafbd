import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import type { KnowledgeBase, NewEmbedding } from '../../src/ports/knowledge-base.js';
import { parseRows, timestamptz } from './sql-helpers.js';
import { storageValue, type QueryTarget } from './storage-task.js';
import { encodeVector } from './vector-encoding.js';

type EmbeddingMaintenance = Pick<KnowledgeBase, 'embeddingModels' | 'listForReembed' | 'setEmbeddings'>;

const ModelCountRow = z.object({ model: z.string().nullable(), count: z.number().int() });
const CandidateRow = z.object({ id: z.number().int(), question: z.string(), keywords: z.string().nullable() });
const IdRow = z.object({ id: z.number().int() });

/** 3 parameters a row: far below PostgreSQL's 65,535-parameter limit. */
const UPDATE_BATCH = 1_000;

const updateBatch = async (
  connection: CommonQueryMethods,
  rows: ReadonlyArray<NewEmbedding>,
  now: Date,
): Promise<number> => {
  const values = rows.map(
    (row) =>
      sql.fragment`(${row.id}::int, ${sql.binary(encodeVector(row.embedding))}::vector, ${row.embeddingModel}::text)`,
  );
  const updated = await connection.any(sql.type(IdRow)`
    UPDATE knowledge_base AS k
    SET embedding = v.embedding, embedding_model = v.model, updated_at = ${timestamptz(now)}
    FROM (VALUES ${sql.join(values, sql.fragment`, `)}) AS v (id, embedding, model)
    WHERE k.id = v.id AND k.embedding_model IS DISTINCT FROM v.model
    RETURNING k.id`);
  return parseRows(IdRow, updated).length;
};

/** Re-embedding support for knowledge_base: which embedders made the stored vectors, and replacing them. */
export const createKnowledgeEmbeddings = (target: QueryTarget): EmbeddingMaintenance => {
  const { connection } = target;
  return {
    // COLLATE "C" orders by code point, as sql.js's BINARY collation does.
    embeddingModels: () =>
      storageValue(target, async () =>
        parseRows(
          ModelCountRow,
          await connection.any(sql.type(ModelCountRow)`
          SELECT embedding_model AS model, count(*)::int AS count FROM knowledge_base
          GROUP BY embedding_model ORDER BY count DESC, embedding_model COLLATE "C" NULLS LAST`),
        ),
      ),

    listForReembed: (query) =>
      storageValue(target, async () =>
        parseRows(
          CandidateRow,
          await connection.any(sql.type(CandidateRow)`
          SELECT id, question, keywords FROM knowledge_base
          WHERE id > ${query.afterId} AND embedding_model IS DISTINCT FROM ${query.exceptModel}
          ORDER BY id LIMIT ${query.limit}`),
        ),
      ),

    setEmbeddings: (rows, now) =>
      storageValue(target, async () => {
        if (rows.length === 0) return 0;
        if (rows.length <= UPDATE_BATCH) return updateBatch(connection, rows, now);
        // a savepoint when already inside a unit of work
        return connection.transaction(async (transaction) => {
          let written = 0;
          for (let i = 0; i < rows.length; i += UPDATE_BATCH)
            written += await updateBatch(transaction, rows.slice(i, i + UPDATE_BATCH), now);
          return written;
        });
      }),
  };
};
