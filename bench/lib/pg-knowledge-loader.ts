import type pg from 'pg';
import { encodeVector } from '../../adapters/postgres/vector-encoding.js';
import type { ClusteredSet } from './clustered-vectors.js';

export const CATEGORY_COUNT = 20; // one category = 5 % of the entries
export const categoryName = (i: number) => `cat-${String(i).padStart(2, '0')}`;
export const HNSW_INDEX = 'knowledge_base_embedding_hnsw_idx';

const ROWS_PER_STATEMENT = 500;

/**
 * Appends rows [from, to) of `set` to knowledge_base through raw pg: multi-row INSERTs
 * with binary vector parameters, in one transaction. The HNSW index is dropped first and
 * built once after loading (an index kept during the load costs a graph insertion per row).
 */
export const appendKnowledgeRows = async (
  client: pg.Client,
  set: ClusteredSet,
  categories: Int32Array,
  from: number,
  to: number,
): Promise<void> => {
  await client.query('BEGIN');
  for (let start = from; start < to; start += ROWS_PER_STATEMENT) {
    const end = Math.min(to, start + ROWS_PER_STATEMENT);
    const values: string[] = [];
    const parameters: Array<string | Buffer> = [];
    for (let i = start; i < end; i++) {
      const p = parameters.length;
      values.push(`($${p + 1}, 'answer', $${p + 2}, NULL, $${p + 3}::vector, 'bench', 0, true, now(), now())`);
      parameters.push(`question ${i}`, categoryName(categories[i] ?? 0), encodeVector(set.row(i)));
    }
    await client.query(
      `INSERT INTO knowledge_base (question, answer, category, keywords, embedding, embedding_model, priority, is_active, created_at, updated_at)
       VALUES ${values.join(', ')}`,
      parameters,
    );
  }
  await client.query('COMMIT');
};

export const dropHnswIndex = (client: pg.Client) => client.query(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);

/** The migration's definition, so that the adapter searches the index it would have in production. */
export const buildHnswIndex = async (client: pg.Client): Promise<void> => {
  await client.query(`CREATE INDEX ${HNSW_INDEX} ON knowledge_base USING hnsw (embedding vector_cosine_ops)`);
  await client.query('ANALYZE knowledge_base');
};
