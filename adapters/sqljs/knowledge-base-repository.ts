import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import {
  knowledgeEntryNotFound,
  storageUnavailable,
  type KnowledgeEntryNotFound,
  type StorageUnavailable,
} from '../../src/domain/errors.js';
import type { KnowledgeBase, KnowledgePatch, KnowledgeQuery, ScoredEntry } from '../../src/ports/knowledge-base.js';
import type { Executor } from './executor.js';
import { createKnowledgeEmbeddings } from './knowledge-embeddings.js';
import type { KnowledgeIndexes } from './knowledge-indexes.js';
import type { RankedId } from './ranking.js';
import { integer, KNOWLEDGE_COLUMNS, sqlBoolean, sqlDate, toKnowledgeEntry } from './row-mappers.js';
import type { SqlDatabase, SqlParam } from './sql-database.js';
import { encodeVector, vectorProblem } from './vector-codec.js';

const RETURNING = `RETURNING ${KNOWLEDGE_COLUMNS}`;

const checkVector = (vector: Float32Array | null | undefined): StorageUnavailable | undefined => {
  if (vector === null || vector === undefined) return undefined;
  const problem = vectorProblem(vector);
  return problem === undefined ? undefined : storageUnavailable(problem);
};

const index = (indexes: KnowledgeIndexes, entry: KnowledgeEntry, embedding: Float32Array | null | undefined) =>
  indexes.put(
    entry.id,
    { question: entry.question, keywords: entry.keywords, answer: entry.answer },
    { isActive: entry.isActive, category: entry.category, priority: entry.priority },
    embedding,
  );

/** Loads the hits' entries, keeping the ranking's order. */
const loadRanked = (db: SqlDatabase, hits: ReadonlyArray<RankedId>): ScoredEntry[] => {
  if (hits.length === 0) return [];
  const rows = db.all(
    `SELECT ${KNOWLEDGE_COLUMNS} FROM knowledge_base WHERE id IN (${hits.map(() => '?').join(', ')})`,
    hits.map((hit) => hit.id),
  );
  const byId = new Map(rows.map((row) => [integer(row, 'id'), toKnowledgeEntry(row)]));
  return hits.flatMap((hit) => {
    const entry = byId.get(hit.id);
    return entry ? [{ entry, score: hit.score }] : [];
  });
};

const searchVector = (
  db: SqlDatabase,
  indexes: KnowledgeIndexes,
  vector: Float32Array,
  query: KnowledgeQuery,
): E.Either<StorageUnavailable, ScoredEntry[]> => {
  const invalid = checkVector(vector);
  return invalid ? E.left(invalid) : E.right(loadRanked(db, indexes.vectors.search(vector, query)));
};

const searchText = (db: SqlDatabase, indexes: KnowledgeIndexes, text: string, query: KnowledgeQuery) =>
  loadRanked(db, indexes.texts.search(text, query));

const PATCH_COLUMNS: ReadonlyArray<readonly [keyof KnowledgePatch, string, (patch: KnowledgePatch) => SqlParam]> = [
  ['question', 'question', (p) => p.question ?? null],
  ['answer', 'answer', (p) => p.answer ?? null],
  ['category', 'category', (p) => p.category ?? null],
  ['keywords', 'keywords', (p) => p.keywords ?? null],
  ['priority', 'priority', (p) => p.priority ?? 0],
  ['isActive', 'is_active', (p) => sqlBoolean(p.isActive ?? true)],
  ['embedding', 'embedding', (p) => (p.embedding ? encodeVector(p.embedding) : null)],
  ['embeddingModel', 'embedding_model', (p) => p.embeddingModel ?? null],
];

export const createKnowledgeBaseRepository = (executor: Executor, indexes: KnowledgeIndexes): KnowledgeBase => ({
  addMany: (entries, now) =>
    executor.write((db) => {
      const added: KnowledgeEntry[] = [];
      for (const entry of entries) {
        const invalid = checkVector(entry.embedding);
        if (invalid) return E.left(invalid);
        const row = db.get(
          `INSERT INTO knowledge_base
             (question, answer, category, keywords, embedding, embedding_model, priority, is_active, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${RETURNING}`,
          [
            entry.question,
            entry.answer,
            entry.category,
            entry.keywords,
            entry.embedding ? encodeVector(entry.embedding) : null,
            entry.embeddingModel,
            entry.priority,
            sqlBoolean(entry.isActive),
            sqlDate(now),
            sqlDate(now),
          ],
        );
        if (!row) throw new Error('knowledge insert returned no row');
        const stored = toKnowledgeEntry(row);
        index(indexes, stored, entry.embedding);
        added.push(stored);
      }
      return E.right(added);
    }),

  update: (id, patch, now) =>
    executor.write<KnowledgeEntryNotFound | StorageUnavailable, KnowledgeEntry>((db) => {
      const invalid = checkVector(patch.embedding);
      if (invalid) return E.left(invalid);
      const given = PATCH_COLUMNS.filter(([key]) => patch[key] !== undefined);
      const row = db.get(
        `UPDATE knowledge_base SET ${[...given.map(([, column]) => `${column} = ?`), 'updated_at = ?'].join(', ')}
         WHERE id = ? ${RETURNING}`,
        [...given.map(([, , toParam]) => toParam(patch)), sqlDate(now), id],
      );
      if (!row) return E.left(knowledgeEntryNotFound(id));
      const stored = toKnowledgeEntry(row);
      index(indexes, stored, patch.embedding);
      return E.right(stored);
    }),

  findById: (id) =>
    executor.read((db) => {
      const row = db.get(`SELECT ${KNOWLEDGE_COLUMNS} FROM knowledge_base WHERE id = ?`, [id]);
      return E.right(row ? toKnowledgeEntry(row) : null);
    }),

  list: (query) =>
    executor.read((db) =>
      E.right(
        db
          .all(
            `SELECT ${KNOWLEDGE_COLUMNS} FROM knowledge_base WHERE (? = 1 OR is_active = 1) ORDER BY id LIMIT ? OFFSET ?`,
            [sqlBoolean(query.includeInactive), query.limit, query.offset],
          )
          .map(toKnowledgeEntry),
      ),
    ),

  searchByVector: (vector, query) => executor.read((db) => searchVector(db, indexes, vector, query)),

  searchByText: (text, query) => executor.read((db) => E.right(searchText(db, indexes, text, query))),

  // one read under the lock: no write can land between the two searches
  searchHybrid: (vector, text, query) =>
    executor.read((db) =>
      pipe(
        searchVector(db, indexes, vector, query),
        E.map((byVector) => ({ byVector, byText: searchText(db, indexes, text, query) })),
      ),
    ),

  incrementViews: (id) =>
    executor.write((db) =>
      db.run('UPDATE knowledge_base SET views_count = views_count + 1 WHERE id = ?', [id]) === 0
        ? E.left(knowledgeEntryNotFound(id))
        : E.right(undefined),
    ),

  incrementHelpful: (id) =>
    executor.write((db) =>
      db.run('UPDATE knowledge_base SET helpful_count = helpful_count + 1 WHERE id = ?', [id]) === 0
        ? E.left(knowledgeEntryNotFound(id))
        : E.right(undefined),
    ),

  countByCategory: () =>
    executor.read((db) =>
      E.right(
        db
          .all(
            'SELECT category, count(*) AS count FROM knowledge_base GROUP BY category ORDER BY category IS NULL, category',
          )
          .map((row) => {
            const category = row['category'];
            return { category: typeof category === 'string' ? category : null, count: integer(row, 'count') };
          }),
      ),
    ),

  ...createKnowledgeEmbeddings(executor, indexes),
});
