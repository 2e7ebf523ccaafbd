import * as E from 'fp-ts/lib/Either.js';
import { sql, type CommonQueryMethods, type FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import { knowledgeEntryNotFound, visitorNotFound } from '../../src/domain/errors.js';
import type {
  KnowledgeBase,
  KnowledgePatch,
  KnowledgeQuery,
  NewKnowledgeEntry,
  ScoredEntry,
  Voter,
} from '../../src/ports/knowledge-base.js';
import { createKnowledgeEmbeddings } from './knowledge-embeddings.js';
import {
  COUNTER_COLUMNS,
  countersJoin,
  ENTRY_COLUMNS,
  entryColumnsOf,
  KnowledgeRow,
  toKnowledgeEntry,
} from './row-schemas.js';
import { command, limitBucket, parseRow, parseRows, rowCount, timestamptz } from './sql-helpers.js';
import { indexRebuildPays, withHnswIndexRebuilt } from './hnsw-bulk-load.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';
import { orTsQuery } from './text-query.js';
import type { VectorSearchSettings } from './vector-search-settings.js';
import { encodeVector } from './vector-encoding.js';

const ScoredRow = KnowledgeRow.extend({ score: z.number() });
/** A row of the hybrid statement: a scored entry tagged with the search that found it. */
const HybridRow = ScoredRow.extend({ channel: z.enum(['vector', 'text']) });
const CategoryCountRow = z.object({ category: z.string().nullable(), count: z.number().int() });
const VoteRow = z.object({ entry_found: z.boolean(), voter_found: z.boolean(), counted: z.boolean() });

/** 9 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit. */
const INSERT_BATCH = 1_000;

const vectorParameter = (vector: Float32Array | null) =>
  vector === null ? sql.fragment`NULL::vector` : sql.fragment`${sql.binary(encodeVector(vector))}::vector`;

const categoryFilter = (category: string | null) =>
  category === null ? sql.fragment`` : sql.fragment`AND category = ${category}`;

const toScoredEntry = (row: z.infer<typeof ScoredRow>): ScoredEntry => ({
  entry: toKnowledgeEntry(row),
  score: row.score,
});

/** Text search over the tsquery source `terms` (see `orTsQuery`), best first; entry columns and `score`. */
const textSearchStatement = (terms: string, query: KnowledgeQuery) =>
  // weights come from setweight in the generated column: question A, keywords B, answer C
  sql.fragment`
    SELECT ${ENTRY_COLUMNS}, ts_rank(search_vector, search_query)::float8 AS score
    FROM knowledge_base, to_tsquery('russian', ${terms}) AS search_query
    WHERE is_active AND search_vector @@ search_query ${categoryFilter(query.category)}
    ORDER BY score DESC, priority DESC, id
    LIMIT ${rowCount(limitBucket(query.limit))}`;

/**
 * Search hits (`hits`: entry columns, `score`, maybe `channel`) with their counters, in
 * `order`. The counters are joined after the searches' LIMITs, to a page of rows.
 */
const withCounters = (hits: FragmentSqlToken, order: FragmentSqlToken) => sql.fragment`
  SELECT hits.*, ${COUNTER_COLUMNS} FROM (${hits}) AS hits ${countersJoin('hits')}
  ORDER BY ${order}`;

const RANKED = sql.fragment`hits.score DESC, hits.priority DESC, hits.id`;

/** One entry row, or a page of them, with its counters. */
const selectEntries = (condition: FragmentSqlToken, page: FragmentSqlToken = sql.fragment``) => sql.fragment`
  SELECT ${entryColumnsOf('k')}, ${COUNTER_COLUMNS} FROM knowledge_base AS k ${countersJoin('k')}
  WHERE ${condition} ORDER BY k.id ${page}`;

/** Adds one to an entry's counter; no row when the entry does not exist. */
const countOne = (id: number, counter: 'views_count' | 'helpful_count') => {
  const column = sql.identifier([counter]);
  return sql.fragment`
    INSERT INTO knowledge_counters (id, ${column}) SELECT id, 1 FROM knowledge_base WHERE id = ${id}
    ON CONFLICT (id) DO UPDATE SET ${column} = knowledge_counters.${column} + 1
    RETURNING id`;
};

/** Patch fields and their columns: a fixed whitelist, so a column name never comes from input. */
const patchAssignments = (patch: KnowledgePatch) => {
  const assignments = [];
  if (patch.question !== undefined) assignments.push(sql.fragment`${sql.identifier(['question'])} = ${patch.question}`);
  if (patch.answer !== undefined) assignments.push(sql.fragment`${sql.identifier(['answer'])} = ${patch.answer}`);
  if (patch.category !== undefined) assignments.push(sql.fragment`${sql.identifier(['category'])} = ${patch.category}`);
  if (patch.keywords !== undefined) assignments.push(sql.fragment`${sql.identifier(['keywords'])} = ${patch.keywords}`);
  if (patch.priority !== undefined) assignments.push(sql.fragment`${sql.identifier(['priority'])} = ${patch.priority}`);
  if (patch.isActive !== undefined)
    assignments.push(sql.fragment`${sql.identifier(['is_active'])} = ${patch.isActive}`);
  if (patch.embedding !== undefined) {
    assignments.push(sql.fragment`${sql.identifier(['embedding'])} = ${vectorParameter(patch.embedding)}`);
  }
  if (patch.embeddingModel !== undefined) {
    assignments.push(sql.fragment`${sql.identifier(['embedding_model'])} = ${patch.embeddingModel}`);
  }
  return assignments;
};

const insertBatch = async (connection: CommonQueryMethods, entries: ReadonlyArray<NewKnowledgeEntry>, now: Date) => {
  const values = entries.map(
    (entry) => sql.fragment`(${entry.question}, ${entry.answer}, ${entry.category}, ${entry.keywords},
      ${vectorParameter(entry.embedding)}, ${entry.embeddingModel}, ${entry.priority}, ${entry.isActive},
      ${timestamptz(now)}, ${timestamptz(now)})`,
  );
  // serial ids are drawn in VALUES order, so sorting by id restores the given order
  const rows = await connection.any(sql.type(KnowledgeRow)`
    INSERT INTO knowledge_base (question, answer, category, keywords, embedding, embedding_model, priority, is_active, created_at, updated_at)
    VALUES ${sql.join(values, sql.fragment`, `)}
    RETURNING ${ENTRY_COLUMNS}, 0 AS views_count, 0 AS helpful_count`);
  return parseRows(KnowledgeRow, rows).sort((a, b) => a.id - b.id);
};

const voterKey = (voter: Voter): number | string => ('visitorId' in voter ? voter.visitorId : voter.visitorUuid);

export const createKnowledgeBaseRepository = (
  target: QueryTarget,
  vectorSearch: VectorSearchSettings,
): KnowledgeBase => {
  const { connection } = target;
  const increment = (id: number, counter: 'views_count' | 'helpful_count') =>
    storageTask(target, async () => {
      const result = await connection.query(command`${countOne(id, counter)}`);
      return result.rowCount > 0 ? E.right(undefined) : E.left(knowledgeEntryNotFound(id));
    });

  /*
   * The HNSW index returns candidates in approximately the right order; the outer query
   * re-sorts them exactly with the tie-breaks. ef_search and iterative scan must be in
   * force when the index scan starts, so that the is_active / category filters, applied
   * after the index, still leave `limit` rows (without iterative scan pgvector stops
   * after ef_search candidates, filtered or not).
   *
   * They are set by set_config(…, true) in the same statement, in a one-row subquery
   * that the candidate scan references LATERALly: the scan cannot start before that row
   * exists, and pgvector reads both settings when the scan starts. The settings end with
   * the statement's implicit transaction (or with the unit of work around it), exactly
   * as SET LOCAL in a transaction did, but in one round trip instead of five
   * (BEGIN, two set_config, SELECT, COMMIT: docs/performance.md).
   *
   * Iterative scan is not enough on its own: many dead versions of one vector (an entry
   * edited over and over between vacuums) form a clique in the graph that the scan cannot
   * leave, and it returned 1 row of 10 (docs/reliability.md). So when the index's page is
   * short, the same statement answers from an exact scan instead: its branch sits behind
   * a one-time filter on the candidates' count and is not run at all when the page is
   * full. The exact branch orders by an expression the index cannot serve.
   *
   * The vector travels once: both branches read it from the `probe` row.
   */
  const vectorSearchStatement = async (vector: Float32Array, query: KnowledgeQuery) => {
    // ef_search as configured (never below 2 × limit); the inner LIMIT keeps 2 × limit past pgvector's cap
    const efSearch = vectorSearch.efSearch(query.limit);
    // ef_search itself for the usual pages; above it, a rounded count (see limitBucket)
    const candidates = 2 * query.limit <= efSearch ? efSearch : limitBucket(2 * query.limit);
    const iterativeScan = await vectorSearch.supportsIterativeScan(connection);
    return sql.fragment`
      WITH probe AS (SELECT ${vectorParameter(vector)} AS v),
      approximate AS MATERIALIZED (
        SELECT ${ENTRY_COLUMNS}, 1 - distance AS score FROM
          (SELECT set_config('hnsw.ef_search', ${String(efSearch)}, true) AS ef_search,
                  ${iterativeScan ? sql.fragment`set_config('hnsw.iterative_scan', 'relaxed_order', true)` : sql.fragment`''`} AS iterative_scan
          ) AS settings,
          LATERAL (
            SELECT ${ENTRY_COLUMNS}, embedding <=> (SELECT v FROM probe) AS distance
            FROM knowledge_base
            WHERE is_active AND embedding IS NOT NULL ${categoryFilter(query.category)}
              AND settings.ef_search IS NOT NULL AND settings.iterative_scan IS NOT NULL
            ORDER BY distance
            LIMIT ${rowCount(candidates)}
          ) AS candidates
      )
      SELECT * FROM approximate WHERE (SELECT count(*) FROM approximate) >= ${query.limit}::int
      UNION ALL
      SELECT ${ENTRY_COLUMNS}, 1 - (embedding <=> (SELECT v FROM probe)) AS score
      FROM knowledge_base
      WHERE is_active AND embedding IS NOT NULL ${categoryFilter(query.category)}
        AND (SELECT count(*) FROM approximate) < ${query.limit}::int
      ORDER BY score DESC, priority DESC, id
      LIMIT ${rowCount(limitBucket(query.limit))}`;
  };
  // the statements' LIMITs are rounded up (limitBucket); the page is cut here
  const searchVector = async (vector: Float32Array, query: KnowledgeQuery) =>
    parseRows(
      ScoredRow,
      await connection.any(sql.type(ScoredRow)`${withCounters(await vectorSearchStatement(vector, query), RANKED)}`),
    )
      .slice(0, query.limit)
      .map(toScoredEntry);

  return {
    addMany: (entries, now) =>
      storageValue(target, async () => {
        if (entries.length === 0) return [];
        // a savepoint when already inside a unit of work
        const rows = await connection.transaction(async (transaction) => {
          const insertAll = async () => {
            const inserted = [];
            for (let i = 0; i < entries.length; i += INSERT_BATCH) {
              inserted.push(...(await insertBatch(transaction, entries.slice(i, i + INSERT_BATCH), now)));
            }
            return inserted;
          };
          // A large first import: inserting into the HNSW graph row by row costs several
          // times a build after loading (docs/performance.md, 10k import).
          const rebuild =
            vectorSearch.bulkRebuildCandidate(entries.length) && (await indexRebuildPays(transaction, entries.length));
          return rebuild ? withHnswIndexRebuilt(transaction, insertAll) : insertAll();
        });
        return rows.map(toKnowledgeEntry);
      }),

    update: (id, patch, now) =>
      storageTask(target, async () => {
        const assignments = [...patchAssignments(patch), sql.fragment`updated_at = ${timestamptz(now)}`];
        const row = await connection.maybeOne(sql.type(KnowledgeRow)`
          WITH changed AS (
            UPDATE knowledge_base SET ${sql.join(assignments, sql.fragment`, `)}
            WHERE id = ${id}
            RETURNING ${ENTRY_COLUMNS}
          )
          SELECT changed.*, ${COUNTER_COLUMNS} FROM changed ${countersJoin('changed')}`);
        return row === null
          ? E.left(knowledgeEntryNotFound(id))
          : E.right(toKnowledgeEntry(parseRow(KnowledgeRow, row)));
      }),

    findById: (id) =>
      storageValue(target, async () => {
        const rows = parseRows(
          KnowledgeRow,
          await connection.any(sql.type(KnowledgeRow)`${selectEntries(sql.fragment`k.id = ${id}`)}`),
        );
        return rows[0] ? toKnowledgeEntry(rows[0]) : null;
      }),

    list: (query) =>
      storageValue(target, async () =>
        parseRows(
          KnowledgeRow,
          await connection.any(
            sql.type(KnowledgeRow)`${selectEntries(
              query.includeInactive ? sql.fragment`true` : sql.fragment`k.is_active`,
              sql.fragment`LIMIT ${query.limit} OFFSET ${query.offset}`,
            )}`,
          ),
        ).map(toKnowledgeEntry),
      ),

    searchByVector: (vector, query) => storageValue(target, () => searchVector(vector, query)),

    searchByText: (text, query) =>
      storageValue(target, async () => {
        const terms = orTsQuery(text);
        if (terms === null) return [];
        return parseRows(
          ScoredRow,
          await connection.any(sql.type(ScoredRow)`${withCounters(textSearchStatement(terms, query), RANKED)}`),
        )
          .slice(0, query.limit)
          .map(toScoredEntry);
      }),

    /*
     * Both statements as the two branches of one UNION ALL, so a hybrid search is one
     * round trip and one snapshot. Each branch keeps its own ORDER BY and LIMIT (a
     * subquery with LIMIT is planned on its own), and the vector branch keeps its settings
     * row and LATERAL scan, so ef_search and iterative scan still apply to it. UNION ALL
     * promises no order: the outer ORDER BY restores each channel's own, which score,
     * priority and the unique id decide completely.
     */
    searchHybrid: (vector, text, query) =>
      storageValue(target, async () => {
        const terms = orTsQuery(text);
        // no searchable word: searchByText would not query at all
        if (terms === null) return { byVector: await searchVector(vector, query), byText: [] };
        const rows = parseRows(
          HybridRow,
          await connection.any(
            sql.type(HybridRow)`${withCounters(
              sql.fragment`
              SELECT 'vector' AS channel, found.* FROM (${await vectorSearchStatement(vector, query)}) AS found
              UNION ALL
              SELECT 'text' AS channel, found.* FROM (${textSearchStatement(terms, query)}) AS found`,
              sql.fragment`hits.channel, ${RANKED}`,
            )}`,
          ),
        );
        const channel = (name: 'vector' | 'text') =>
          rows
            .filter((row) => row.channel === name)
            .slice(0, query.limit)
            .map(toScoredEntry);
        return { byVector: channel('vector'), byText: channel('text') };
      }),

    incrementViews: (id) => increment(id, 'views_count'),
    incrementHelpful: (id) => increment(id, 'helpful_count'),

    /*
     * The vote and its count are one statement: the unique (knowledge_id, visitor_id) key
     * lets exactly one of any number of concurrent identical votes insert, and only an
     * inserted vote counts. Entry and visitor are looked up in the same snapshot; one
     * deleted in between fails the foreign key, which names it.
     */
    recordHelpfulVote: (knowledgeId, voter) =>
      storageTask(
        target,
        async () => {
          const visitor =
            'visitorId' in voter
              ? sql.fragment`id = ${voter.visitorId}`
              : sql.fragment`visitor_id = ${voter.visitorUuid.toLowerCase()}`;
          const row = parseRow(
            VoteRow,
            await connection.one(sql.type(VoteRow)`
              WITH entry AS (SELECT id FROM knowledge_base WHERE id = ${knowledgeId}),
              voter AS (SELECT id FROM visitors WHERE ${visitor}),
              vote AS (
                INSERT INTO helpful_votes (knowledge_id, visitor_id)
                SELECT entry.id, voter.id FROM entry, voter
                ON CONFLICT (knowledge_id, visitor_id) DO NOTHING
                RETURNING knowledge_id
              ), counted AS (
                INSERT INTO knowledge_counters (id, helpful_count) SELECT knowledge_id, 1 FROM vote
                ON CONFLICT (id) DO UPDATE SET helpful_count = knowledge_counters.helpful_count + 1
              )
              SELECT EXISTS (SELECT 1 FROM entry) AS entry_found, EXISTS (SELECT 1 FROM voter) AS voter_found,
                     EXISTS (SELECT 1 FROM vote) AS counted`),
          );
          if (!row.entry_found) return E.left(knowledgeEntryNotFound(knowledgeId));
          if (!row.voter_found) return E.left(visitorNotFound(voterKey(voter)));
          return E.right({ counted: row.counted });
        },
        {
          helpful_votes_knowledge_id_fkey: () => knowledgeEntryNotFound(knowledgeId),
          knowledge_counters_id_fkey: () => knowledgeEntryNotFound(knowledgeId),
          helpful_votes_visitor_id_fkey: () => visitorNotFound(voterKey(voter)),
        },
      ),

    // COLLATE "C" orders by code point, as sql.js's BINARY collation does.
    countByCategory: () =>
      storageValue(target, async () =>
        parseRows(
          CategoryCountRow,
          await connection.any(sql.type(CategoryCountRow)`
          SELECT category, count(*)::int AS count FROM knowledge_base
          GROUP BY category ORDER BY category COLLATE "C" NULLS LAST`),
        ),
      ),

    ...createKnowledgeEmbeddings(target),
  };
};
