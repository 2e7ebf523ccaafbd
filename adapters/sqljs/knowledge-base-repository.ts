import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import {
  knowledgeEntryNotFound,
  storageUnavailable,
  visitorNotFound,
  type KnowledgeEntryNotFound,
  type StorageUnavailable,
  type VisitorNotFound,
} from '../../src/domain/errors.js';
import type { KnowledgeBase, KnowledgePatch, KnowledgeQuery, ScoredEntry } from '../../src/ports/knowledge-base.js';
import type { Executor } from './executor.js';
import { createKnowledgeEmbeddings } from './knowledge-embeddings.js';
import type { KnowledgeIndexes } from './knowledge-indexes.js';
import type { RankedId } from './ranking.js';
import {
  COUNT_HELPFUL,
  COUNT_VIEW,
  ENTRY_COLUMNS,
  integer,
  SELECT_ENTRIES,
  sqlBoolean,
  sqlDate,
  toKnowledgeEntry,
} from './row-mappers.js';
import type { SqlDatabase, SqlParam } from './sql-database.js';
import { encodeVector, vectorProblem } from './vector-codec.js';

// a new entry has counted nothing yet
const RETURNING_NEW = `RETURNING ${ENTRY_COLUMNS}, 0 AS views_count, 0 AS helpful_count`;
const SELECT_ENTRY = `${SELECT_ENTRIES} WHERE k.id = ?`;

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
    `${SELECT_ENTRIES} WHERE k.id IN (${hits.map(() => '?').join(', ')})`,
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
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${RETURNING_NEW}`,
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
      const changed = db.run(
        `UPDATE knowledge_base SET ${[...given.map(([, column]) => `${column} = ?`), 'updated_at = ?'].join(', ')}
         WHERE id = ?`,
        [...given.map(([, , toParam]) => toParam(patch)), sqlDate(now), id],
      );
      const row = changed === 0 ? undefined : db.get(SELECT_ENTRY, [id]);
      if (!row) return E.left(knowledgeEntryNotFound(id));
      const stored = toKnowledgeEntry(row);
      index(indexes, stored, patch.embedding);
      return E.right(stored);
    }),

  findById: (id) =>
    executor.read((db) => {
      const row = db.get(SELECT_ENTRY, [id]);
      return E.right(row ? toKnowledgeEntry(row) : null);
    }),

  list: (query) =>
    executor.read((db) =>
      E.right(
        db
          .all(`${SELECT_ENTRIES} WHERE (? = 1 OR k.is_active = 1) ORDER BY k.id LIMIT ? OFFSET ?`, [
            sqlBoolean(query.includeInactive),
            query.limit,
            query.offset,
          ])
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
    executor.write((db) => (db.run(COUNT_VIEW, [id]) === 0 ? E.left(knowledgeEntryNotFound(id)) : E.right(undefined))),

  incrementHelpful: (id) =>
    executor.write((db) =>
      db.run(COUNT_HELPFUL, [id]) === 0 ? E.left(knowledgeEntryNotFound(id)) : E.right(undefined),
    ),

  // the store's lock makes the check, the vote and its count one step
  recordHelpfulVote: (knowledgeId, voter) =>
    executor.write<KnowledgeEntryNotFound | VisitorNotFound, { counted: boolean }>((db) => {
      if (!db.get('SELECT id FROM knowledge_base WHERE id = ?', [knowledgeId]))
        return E.left(knowledgeEntryNotFound(knowledgeId));
      const found =
        'visitorId' in voter
          ? db.get('SELECT id FROM visitors WHERE id = ?', [voter.visitorId])
          : db.get('SELECT id FROM visitors WHERE visitor_id = ?', [voter.visitorUuid.toLowerCase()]);
      if (!found) return E.left(visitorNotFound('visitorId' in voter ? voter.visitorId : voter.visitorUuid));
      const counted =
        db.run(
          `INSERT INTO helpful_votes (knowledge_id, visitor_id) VALUES (?, ?)
           ON CONFLICT (knowledge_id, visitor_id) DO NOTHING`,
          [knowledgeId, integer(found, 'id')],
        ) > 0;
      if (counted) db.run(COUNT_HELPFUL, [knowledgeId]);
      return E.right({ counted });
    }),

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
