import type pg from 'pg';
import { encodeVector } from '../../adapters/postgres/vector-encoding.js';
import type { KnowledgeQuery, ScoredEntry } from '../../src/ports/knowledge-base.js';
import { clusteredSource, DEFAULT_CLUSTERS, type ClusteredSet } from '../lib/clustered-vectors.js';
import type { BenchContext } from '../lib/context.js';
import { openLangChainPeer, type PeerStore } from '../lib/langchain-peer.js';
import {
  appendKnowledgeRows,
  buildHnswIndex,
  CATEGORY_COUNT,
  categoryName,
  dropHnswIndex,
} from '../lib/pg-knowledge-loader.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { nowMs, summarize, timeInterleaved } from '../lib/stats.js';

const LIMIT = 10;
const QUERY_COUNT = 100;
const RECALL_QUERIES = 50;
const PEER_TABLE = 'langchain_documents';

/** The inner candidate count the adapter uses for a page of LIMIT (ef_search 40, never below 2 × limit). */
const CANDIDATES = Math.max(40, 2 * LIMIT);

/**
 * The adapter's statement (knowledge-base-repository.ts searchByVector) without its
 * settings subquery and its exact fallback for short pages, for raw pg: the floor runs it
 * as a named prepared statement with a binary vector, on a session whose ef_search and
 * iterative scan were set once. Its LIMITs are literals, as the adapter's are, so both get
 * a generic plan (ADR 0009). The counters are joined to the page, as the adapter does.
 */
const ENTRY = 'id, question, answer, category, keywords, priority, is_active, embedding_model, created_at, updated_at';
const FLOOR_SQL = (filtered: boolean) => `
  SELECT hits.*, coalesce(c.views_count, 0) AS views_count, coalesce(c.helpful_count, 0) AS helpful_count
  FROM (
    SELECT ${ENTRY}, 1 - distance AS score
    FROM (
      SELECT ${ENTRY}, embedding <=> $1::vector AS distance
      FROM knowledge_base
      WHERE is_active AND embedding IS NOT NULL ${filtered ? 'AND category = $2' : ''}
      ORDER BY distance
      LIMIT ${CANDIDATES}
    ) AS candidates
    ORDER BY score DESC, priority DESC, id
    LIMIT ${LIMIT}
  ) AS hits LEFT JOIN knowledge_counters AS c ON c.id = hits.id
  ORDER BY hits.score DESC, hits.priority DESC, hits.id`;

const EXACT_SQL = (filtered: boolean) => `
  SELECT id FROM knowledge_base
  WHERE is_active AND embedding IS NOT NULL ${filtered ? 'AND category = $2' : ''}
  ORDER BY embedding <=> $1::vector LIMIT ${LIMIT}`;

const recall = (found: ReadonlyArray<number>, exact: ReadonlyArray<number>): number => {
  if (exact.length === 0) return 1;
  const truth = new Set(exact);
  return found.filter((id) => truth.has(id)).length / exact.length;
};

const mean = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Exact top-10 with every index scan off (a sequential scan plus a sort), inside its own transaction. */
const exactIds = async (client: pg.Client, query: Float32Array, category: string | null): Promise<number[]> => {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_indexscan = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    const { rows } = await client.query<{ id: number }>(
      EXACT_SQL(category !== null),
      category === null ? [encodeVector(query)] : [encodeVector(query), category],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.query('COMMIT');
  }
};

/** Which access path the planner picks for the statement (the adapter's own plan is the same statement's). */
const planOf = async (client: pg.Client, query: Float32Array, category: string | null): Promise<string> => {
  const values: Array<Buffer | string> = [encodeVector(query)];
  if (category !== null) values.push(category);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>({
    text: `EXPLAIN ${FLOOR_SQL(category !== null)}`,
    values,
  });
  const text = rows.map((r) => r['QUERY PLAN']).join('\n');
  if (text.includes('hnsw_idx')) return 'hnsw';
  if (text.includes('category_idx')) return 'category btree + sort';
  return text.includes('Seq Scan') ? 'seq scan + sort' : 'other';
};

const loadPeerRows = async (client: pg.Client, from: number) => {
  await client.query(`CREATE TABLE IF NOT EXISTS ${PEER_TABLE} (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY, text text, metadata jsonb, embedding vector(1024))`);
  await client.query(`DROP INDEX IF EXISTS ${PEER_TABLE}_hnsw`);
  await client.query(
    `INSERT INTO ${PEER_TABLE} (text, metadata, embedding)
     SELECT question, jsonb_build_object('category', category, 'kb_id', id), embedding FROM knowledge_base WHERE id > $1`,
    [from],
  );
  await client.query(`CREATE INDEX ${PEER_TABLE}_hnsw ON ${PEER_TABLE} USING hnsw (embedding vector_cosine_ops)`);
  await client.query(`ANALYZE ${PEER_TABLE}`);
};

export const runPgSearch = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const db = ctx.db;
  const names = ctx.sizes.flatMap((n) => [`pg_search_${n}`, `pg_search_filtered_${n}`]);
  if (!db || !names.some(ctx.wanted)) return [];
  const results: BenchResult[] = [];
  const storage = await db.storage({ poolSize: 2 });
  // Planner switches that make the index path the only cheap one, as on a table too big
  // for exact scans: used to show that a filtered search on HNSW still fills `limit`.
  const forcedUrl = new URL(db.url);
  forcedUrl.searchParams.set('options', '-c enable_seqscan=off -c enable_bitmapscan=off -c enable_sort=off');
  const forced = await db.storage({ poolSize: 1, url: forcedUrl.toString() });
  const created = await storage.schema.createTables()();
  if (created._tag === 'Left') throw new Error(`createTables: ${created.left.message}`);
  const loader = await db.client();
  const floor = await db.client();
  const exact = await db.client();
  // the index build is the slow part of a 100k run; give it memory and both cores
  await loader.query("SET maintenance_work_mem = '2GB'");
  await loader.query('SET max_parallel_maintenance_workers = 1');
  // session-level here: the floor pays no transaction and no set_config round trips at all
  await floor.query("SET hnsw.ef_search = 40; SET hnsw.iterative_scan = 'relaxed_order'");
  const sizes = [...ctx.sizes].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1] ?? 0;
  const source = clusteredSource(DEFAULT_CLUSTERS);
  ctx.log(`pg_search: generating ${largest} clustered ${DEFAULT_CLUSTERS.dimensions}-d vectors`);
  const data: ClusteredSet = source.points(largest);
  const queries = source.points(QUERY_COUNT);
  const categories = new Int32Array(largest).map(() => Math.floor(source.random() * CATEGORY_COUNT));
  const peer = await openLangChainPeer({ url: db.url, schema: db.schema, table: PEER_TABLE }, ctx.log, ctx.installPeer);
  let loaded = 0;
  try {
    for (const n of sizes) {
      if (!ctx.wanted(`pg_search_${n}`) && !ctx.wanted(`pg_search_filtered_${n}`)) continue;
      let t0 = nowMs();
      await dropHnswIndex(loader);
      await appendKnowledgeRows(loader, data, categories, loaded, n);
      const loadMs = nowMs() - t0;
      t0 = nowMs();
      await buildHnswIndex(loader);
      const buildMs = nowMs() - t0;
      if (peer) await loadPeerRows(loader, loaded);
      ctx.log(
        `pg_search_${n}: loaded in ${(loadMs / 1000).toFixed(1)} s, HNSW built in ${(buildMs / 1000).toFixed(1)} s`,
      );
      loaded = n;
      for (const filtered of [false, true]) {
        const name = filtered ? `pg_search_filtered_${n}` : `pg_search_${n}`;
        if (!ctx.wanted(name)) continue;
        results.push(await measure(ctx, { name, n, filtered, storage, forced, floor, exact, peer, queries, buildMs }));
      }
    }
  } finally {
    await peer?.end();
    await Promise.all([loader.end(), floor.end(), exact.end()]);
  }
  return results;
};

interface MeasureInput {
  readonly name: string;
  readonly n: number;
  readonly filtered: boolean;
  readonly storage: Awaited<ReturnType<NonNullable<BenchContext['db']>['storage']>>;
  readonly forced: Awaited<ReturnType<NonNullable<BenchContext['db']>['storage']>>;
  readonly floor: pg.Client;
  readonly exact: pg.Client;
  readonly peer: PeerStore | null;
  readonly queries: ClusteredSet;
  readonly buildMs: number;
}

const measure = async (ctx: BenchContext, m: MeasureInput): Promise<BenchResult> => {
  const categoryOf = (i: number) => (m.filtered ? categoryName(i % CATEGORY_COUNT) : null);
  const query = (i: number) => m.queries.row(i % m.queries.count);
  const adapterSearch = async (i: number): Promise<ReadonlyArray<ScoredEntry>> => {
    const options: KnowledgeQuery = { category: categoryOf(i), limit: LIMIT };
    const result = await m.storage.repositories.knowledge.searchByVector(query(i), options)();
    if (result._tag === 'Left') throw new Error(`searchByVector: ${result.left._tag}`);
    return result.right;
  };
  const statement = m.filtered ? 'floor_search_filtered' : 'floor_search';
  const floorSearch = async (i: number): Promise<number[]> => {
    const category = categoryOf(i);
    const values: Array<Buffer | string> = [encodeVector(query(i))];
    if (category !== null) values.push(category);
    const { rows } = await m.floor.query<{ id: number }>({ name: statement, text: FLOOR_SQL(m.filtered), values });
    return rows.map((r) => r.id);
  };
  // the same statement unnamed, as slonik sends every query: parsed and planned on each call
  const floorUnnamed = async (i: number): Promise<number> => {
    const category = categoryOf(i);
    const values: Array<Buffer | string> = [encodeVector(query(i))];
    if (category !== null) values.push(category);
    return (await m.floor.query({ text: FLOOR_SQL(m.filtered), values })).rowCount ?? 0;
  };
  const peerSearch = async (i: number): Promise<number[]> => {
    if (!m.peer) return [];
    const category = categoryOf(i);
    const found = await m.peer.similaritySearchVectorWithScore(
      Array.from(query(i)),
      LIMIT,
      category === null ? undefined : { category },
    );
    return found.map(([document]) => Number(document.metadata['kb_id']));
  };

  // recall and row counts first, on the same queries the latency loop uses
  const recalls: number[] = [];
  const floorRecalls: number[] = [];
  const peerRecalls: number[] = [];
  const rowCounts: number[] = [];
  const peerRowCounts: number[] = [];
  const exactTimes: number[] = [];
  const truths: number[][] = [];
  const recallQueries = ctx.quick ? 10 : RECALL_QUERIES;
  for (let i = 0; i < recallQueries; i++) {
    const t0 = nowMs();
    const truth = await exactIds(m.exact, query(i), categoryOf(i));
    exactTimes.push(nowMs() - t0);
    truths.push(truth);
    const found = (await adapterSearch(i)).map((hit) => hit.entry.id);
    rowCounts.push(found.length);
    recalls.push(recall(found, truth));
    floorRecalls.push(recall(await floorSearch(i), truth));
    if (m.peer) {
      const peerFound = await peerSearch(i);
      peerRowCounts.push(peerFound.length);
      peerRecalls.push(recall(peerFound, truth));
    }
  }

  const iterations = ctx.quick ? 30 : m.n >= 100_000 ? 300 : 600;
  // rows missing from a page, against exact search (a small category can hold fewer than `limit`)
  let shortPages = 0;
  let forcedShortPages = 0;
  for (let i = 0; i < truths.length; i++) {
    const expected = truths[i]!.length;
    if ((rowCounts[i] ?? 0) < expected) shortPages++;
    const result = await m.forced.repositories.knowledge.searchByVector(query(i), {
      category: categoryOf(i),
      limit: LIMIT,
    })();
    if (result._tag === 'Left') throw new Error(`searchByVector (forced index path): ${result.left._tag}`);
    if (result.right.length < expected) forcedShortPages++;
  }
  const plan = await planOf(m.floor, query(0), categoryOf(0));

  const loop = { iterations, warmup: ctx.quick ? 3 : 20, maxMs: ctx.quick ? 5_000 : 60_000 };
  const [ours = [], raw = [], unnamed = []] = await timeInterleaved(loop, [adapterSearch, floorSearch, floorUnnamed]);
  // The peer reads every row's embedding as ~10 KB of text; interleaved with the others, the
  // garbage it leaves would be collected during their calls. It runs in a pass of its own.
  const [peerTimes = []] = m.peer
    ? await timeInterleaved({ ...loop, iterations: Math.ceil(iterations / 2) }, [peerSearch])
    : [];
  const s = summarize(ours);
  const f = summarize(raw);
  const p = m.peer ? summarize(peerTimes) : null;
  ctx.log(
    `${m.name}: ${s.median.toFixed(3)} ms vs floor ${f.median.toFixed(3)} ms${p ? `, peer ${p.median.toFixed(3)} ms` : ''}`,
  );
  return {
    name: m.name,
    median_ms: s.median,
    p99_ms: s.p99,
    floor: 'raw pg, same SELECT, prepared, binary vector, settings set once per session',
    floor_median_ms: f.median,
    ratio: ratioOf(s.median, f.median),
    floor_p99_ms: f.p99,
    floor_unnamed_median_ms: summarize(unnamed).median,
    rows: Math.min(...rowCounts),
    exact_rows: Math.min(...truths.map((t) => t.length)),
    short_pages: shortPages,
    forced_hnsw_short_pages: forcedShortPages,
    plan,
    recall_at_10: mean(recalls),
    floor_recall_at_10: mean(floorRecalls),
    exact_median_ms: summarize(exactTimes).median,
    peer_median_ms: p ? p.median : null,
    peer_p99_ms: p ? p.p99 : null,
    peer_ratio: p ? ratioOf(s.median, p.median) : null,
    peer_rows: m.peer ? Math.min(...peerRowCounts) : null,
    peer_recall_at_10: m.peer ? mean(peerRecalls) : null,
    note: `hnsw build ${(m.buildMs / 1000).toFixed(1)} s`,
  };
};
