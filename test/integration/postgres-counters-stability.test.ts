/**
 * Issue 13 on PostgreSQL: counting views and helpful votes never rewrites the FAQ rows,
 * so it leaves no dead versions in knowledge_base and its HNSW index does not grow, and
 * the same question keeps getting the same entries in the same order, through the vector
 * channel, the text channel and the fused result, on the exact path and on the HNSW path.
 * Autovacuum is off for these tables, as on the machines here, so nothing cleans up behind
 * the test's back.
 *
 * Statistics come from pg_stat_user_tables, which backends report after their
 * transactions; every storage is closed before a reading (a backend reports at exit).
 * Only one storage is open at a time (PGlite's socket serves one connection).
 */
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createPostgresStorage, type PostgresStorageOptions } from '../../adapters/postgres/index.js';
import { SEED_QUESTIONS } from '../../bench/lib/seed-questions.js';
import { indexBytes, settledTableHealth, type TableHealth } from '../../bench/lib/table-health.js';
import { SPEC_FAQ } from '../../scripts/demo/spec-seed.js';
import type { Assistant } from '../../src/composition/assistant-facade.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Storage } from '../../src/ports/repositories.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { randomUnitVectors } from './random-vectors.js';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
/** Thousands on the server; PGlite (WebAssembly, one connection) counts a quarter as many. */
const VISITORS = onServer ? 60 : 15;
const HNSW_INDEX = 'knowledge_base_embedding_hnsw_idx';
const TABLES = ['knowledge_base', 'knowledge_counters', 'helpful_votes', 'sessions', 'unanswered_questions'];

/** Planner settings that leave each search one way to run (docs/reliability.md). */
const PATHS = {
  // no index scans: the vector channel is an exact scan and sort; text search keeps its GIN bitmap scan
  exact: { enable_indexscan: 'off', enable_indexonlyscan: 'off', enable_seqscan: 'on' },
  // no sequential scans: the vector channel must walk the HNSW index, as on a large table
  hnsw: { enable_indexscan: 'on', enable_indexonlyscan: 'on', enable_seqscan: 'off' },
} as const;
type SearchPath = keyof typeof PATHS;
const DEFAULT_PATH = { enable_indexscan: 'on', enable_indexonlyscan: 'on', enable_seqscan: 'on' } as const;

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const embedder = createOfflineEmbedder();

let database: PostgresTestDatabase;
let options: PostgresStorageOptions;
let schema: string;

/** A statistics reading on a connection of its own, opened only while no storage is (PGlite takes one at a time). */
const withStats = async <A>(read: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    return await read(client);
  } finally {
    await client.end();
  }
};

const withStartupOptions = (connectionString: string, settings: string) => {
  const url = new URL(connectionString);
  const existing = url.searchParams.get('options');
  url.searchParams.set('options', existing ? `${existing} ${settings}` : settings);
  return url.toString();
};

/** An assistant on its own pool (closed when `work` ends), optionally pinned to one search path. */
const withAssistant = async <A>(
  path: SearchPath | null,
  work: (assistant: Assistant, storage: Storage) => Promise<A>,
): Promise<A> => {
  const settings = Object.entries(path === null ? DEFAULT_PATH : PATHS[path]);
  // PGlite ignores startup options, but its one backend session outlives each connection:
  // the settings are made on that session before the storage connects
  if (database.kind === 'pglite') {
    await withStats(async (client) => {
      for (const [name, value] of settings) await client.query('SELECT set_config($1, $2, false)', [name, value]);
    });
  }
  const storage = await createPostgresStorage({
    ...options,
    connectionString: withStartupOptions(
      options.connectionString,
      settings.map(([name, value]) => `-c ${name}=${value}`).join(' '),
    ),
    poolSize: database.kind === 'pglite' ? 1 : 4,
  });
  const assistant = await createAssistant(
    {},
    { storage, embedder, answerGenerator: noAnswerGenerator, onEmbedderMismatch: null, logger: silent },
  );
  try {
    return await work(assistant, storage);
  } finally {
    await assistant.close();
  }
};

const embed = async (text: string): Promise<Float32Array> => {
  const result = await embedder.embed([text])();
  if (E.isLeft(result) || !result.right[0]) throw new Error('offline embedder failed');
  return result.right[0];
};

const ids = <A extends { entry: { id: number } }>(hits: ReadonlyArray<A>) => hits.map((h) => h.entry.id);

/** What each channel and the fused search return for every question of the fixed set. */
const rankings = (path: SearchPath) =>
  withAssistant(path, async (assistant, storage) => {
    const knowledge = storage.repositories.knowledge;
    const query = { category: null, limit: 5 };
    const out: Record<string, { vector: number[]; text: number[]; fused: number[]; mode: string }> = {};
    for (const question of SEED_QUESTIONS) {
      const vector = await knowledge.searchByVector(await embed(question), query)();
      const text = await knowledge.searchByText(question, query)();
      if (E.isLeft(vector) || E.isLeft(text)) throw new Error('search failed');
      const fused = await assistant.searchFaq({ query: question, limit: 5 });
      out[question] = { vector: ids(vector.right), text: ids(text.right), fused: ids(fused.hits), mode: fused.mode };
    }
    return out;
  });

/** How often the HNSW index was scanned, once the statistics have settled. */
const hnswScans = () =>
  withStats(async (client) => {
    await settledTableHealth(client, schema, ['knowledge_base']);
    const row = await client.query<{ scans: number }>(
      'SELECT idx_scan::int AS scans FROM pg_stat_user_indexes WHERE schemaname = $1 AND indexrelname = $2',
      [schema, HNSW_INDEX],
    );
    return row.rows[0]?.scans ?? 0;
  });

const tableOf = (health: ReadonlyArray<TableHealth>, table: string) => {
  const found = health.find((t) => t.table === table);
  if (!found) throw new Error(`no statistics for ${table}`);
  return found;
};

beforeAll(async () => {
  database = await startPostgresTestDatabase();
  options = await database.isolatedSchema();
  schema = options.schema ?? 'public';
  await withAssistant(null, async (assistant) => {
    await assistant.addKnowledgeBulk({ entries: SPEC_FAQ.map((e) => ({ ...e })) });
  });
  await withStats(async (client) => {
    for (const table of TABLES) {
      await client.query(`ALTER TABLE IF EXISTS ${schema}.${table} SET (autovacuum_enabled = false)`);
    }
  });
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe('PostgreSQL: counting views and votes leaves the FAQ rows and their answers alone', () => {
  it(`${VISITORS} visitors' views and votes: no dead FAQ rows, no index growth, the same rankings on both paths`, async () => {
    const before = { exact: await rankings('exact'), hnsw: await rankings('hnsw') };
    // both paths agree to begin with: the HNSW path is forced, not broken
    expect(before.hnsw).toEqual(before.exact);
    const healthBefore = await withStats((client) => settledTableHealth(client, schema, TABLES, 5_000));

    // every visitor asks every question of the set (a view for each FAQ answer), then votes
    // once for each of the seven entries, twice over: votes spread evenly, so the
    // tie-break by helpfulness cannot legitimately reorder anything
    const counted = await withAssistant(null, async (assistant, storage) => {
      let views = 0;
      let votes = 0;
      const visitor = async (v: number) => {
        const chat = await assistant.startChat({});
        const shown = new Map<number, number>();
        for (const question of SEED_QUESTIONS) {
          const reply = await assistant.processMessage({ sessionUuid: chat.sessionUuid, message: question });
          if (reply.source === 'faq' && reply.knowledgeId !== null) {
            views++;
            shown.set(reply.knowledgeId, reply.assistantMessage?.id ?? 0);
          }
        }
        expect(shown.size, `visitor ${v} was shown every entry`).toBe(SPEC_FAQ.length);
        for (let round = 0; round < 2; round++) {
          for (const knowledgeId of shown.keys()) {
            // what markAnswerHelpful({ id, visitorUuid }) does for the HTTP host
            const vote = await storage.repositories.knowledge.recordHelpfulVote(knowledgeId, {
              visitorUuid: chat.visitor.visitorId,
            })();
            if (E.isLeft(vote)) throw new Error(vote.left._tag);
            votes++;
          }
        }
      };
      const concurrency = database.kind === 'pglite' ? 1 : 4;
      for (let v = 0; v < VISITORS; v += concurrency) {
        await Promise.all(Array.from({ length: Math.min(concurrency, VISITORS - v) }, (_, k) => visitor(v + k)));
      }
      const entries = await assistant.listKnowledge({ limit: 100 });
      return { views, votes, entries };
    });
    expect(counted.views).toBeGreaterThanOrEqual(VISITORS * 20);
    // one vote per visitor and entry: the second round counted nothing
    expect(counted.entries.map((e) => e.helpfulCount)).toEqual(SPEC_FAQ.map(() => VISITORS));
    expect(counted.entries.reduce((sum, e) => sum + e.viewsCount, 0)).toBeGreaterThanOrEqual(counted.views);

    const healthAfter = await withStats((client) => settledTableHealth(client, schema, TABLES));
    const kbBefore = tableOf(healthBefore, 'knowledge_base');
    const kbAfter = tableOf(healthAfter, 'knowledge_base');
    // not one FAQ row rewritten: no dead versions, no new heap pages, no new HNSW entries
    expect(kbAfter.updates - kbBefore.updates).toBe(0);
    expect(kbAfter.deadTuples).toBeLessThanOrEqual(kbBefore.deadTuples);
    expect(kbAfter.heapBytes).toBe(kbBefore.heapBytes);
    expect(indexBytes(healthAfter, HNSW_INDEX)).toBe(indexBytes(healthBefore, HNSW_INDEX));
    // the counters' own updates are HOT: no index entries, and the page's dead versions pruned in place
    for (const table of ['knowledge_counters', 'sessions', 'unanswered_questions']) {
      const b = tableOf(healthBefore, table);
      const a = tableOf(healthAfter, table);
      const updates = a.updates - b.updates;
      expect(updates, `${table} updates`).toBeGreaterThan(0);
      expect((a.hotUpdates - b.hotUpdates) / updates, `${table}: HOT updates of ${updates}`).toBeGreaterThan(0.9);
    }
    const counters = tableOf(healthAfter, 'knowledge_counters');
    expect(counters.heapBytes, 'seven counter rows stay on one page').toBeLessThanOrEqual(8192);

    const scansBefore = await hnswScans();
    const after = { exact: await rankings('exact'), hnsw: await rankings('hnsw') };
    const scansAfter = await hnswScans();
    expect(after.exact).toEqual(before.exact);
    expect(after.hnsw).toEqual(before.hnsw);
    // the HNSW path did walk the index: once per vector search and per fused search of the set
    expect(scansAfter - scansBefore).toBeGreaterThanOrEqual(2 * SEED_QUESTIONS.length);
  }, 240_000);
});

describe('PostgreSQL: vector search after many edits and deactivations', () => {
  it('returns `limit` live rows on the HNSW path, the same as the exact path', async () => {
    const ENTRIES = onServer ? 300 : 120;
    const EDITS = 6;
    const vectors = randomUnitVectors(ENTRIES, 31);
    const added = await withAssistant(null, async (_assistant, storage) => {
      const result = await storage.repositories.knowledge.addMany(
        vectors.map((embedding, i) => ({
          question: `Вопрос ${i}`,
          answer: `Ответ ${i}`,
          category: i % 2 === 0 ? 'even' : 'odd',
          keywords: null,
          priority: 0,
          isActive: true,
          embedding,
          embeddingModel: 'test',
        })),
        new Date(),
      )();
      if (E.isLeft(result)) throw new Error(result.left.message);
      // dead versions from edits: every entry's answer edited EDITS times (the vector kept,
      // so each edit adds one more copy of it to the HNSW graph), then four in five hidden
      for (let round = 0; round < EDITS; round++) {
        for (const entry of result.right) {
          const edited = await storage.repositories.knowledge.update(
            entry.id,
            { answer: `Ответ ${entry.id}, правка ${round}` },
            new Date(),
          )();
          if (E.isLeft(edited)) throw new Error(edited.left._tag);
        }
      }
      for (const [i, entry] of result.right.entries()) {
        if (i % 5 !== 0) await storage.repositories.knowledge.update(entry.id, { isActive: false }, new Date())();
      }
      return result.right;
    });
    const live = added.filter((_, i) => i % 5 === 0);
    const probes = live.slice(0, 6).map((e) => added.indexOf(e));
    const search = (path: SearchPath) =>
      withAssistant(path, async (_assistant, storage) => {
        const pages: number[][] = [];
        for (const p of probes) {
          for (const category of [null, 'even']) {
            const hits = await storage.repositories.knowledge.searchByVector(vectors[p]!, { category, limit: 10 })();
            if (E.isLeft(hits)) throw new Error(hits.left._tag);
            expect(hits.right.every((h) => h.entry.isActive)).toBe(true);
            pages.push(ids(hits.right));
          }
        }
        return pages;
      });
    const exact = await search('exact');
    const hnsw = await search('hnsw');
    const liveEven = live.filter((e) => e.category === 'even').length;
    for (const [k, page] of hnsw.entries()) {
      // a full page of live rows (a category holding fewer than 10 fills what it has)
      expect(page.length, `page ${k}`).toBe(k % 2 === 0 ? 10 : Math.min(10, liveEven));
      // the probe's own entry first, as exact search finds it
      expect(page[0]).toBe(exact[k]![0]);
    }
    expect(hnsw).toEqual(exact);
  }, 180_000);

  it('an entry edited hundreds of times between vacuums still gets full, exact pages on the HNSW path', async () => {
    // Every edit keeps the vector, so the graph gains one more copy of it (pgvector keeps
    // up to 10 row versions per element, then adds an element). Past about 33 elements
    // (330 edits) the copies fill each other's 32-entry neighbour lists (m = 16): a search
    // that reaches them cannot leave, finds only dead rows, and iterative scan gave up
    // with 1 row of 10 (measured from 350 edits on).
    const EDITS = 400;
    const vectors = randomUnitVectors(40, 77);
    const edited = await withAssistant(null, async (_assistant, storage) => {
      const added = await storage.repositories.knowledge.addMany(
        vectors.map((embedding, i) => ({
          question: `Правка ${i}`,
          answer: 'Ответ',
          category: null,
          keywords: null,
          priority: 0,
          isActive: true,
          embedding,
          embeddingModel: 'test',
        })),
        new Date(),
      )();
      if (E.isLeft(added)) throw new Error(added.left._tag);
      const targets = added.right.slice(0, 2);
      for (let round = 0; round < EDITS; round++) {
        for (const entry of targets) {
          const result = await storage.repositories.knowledge.update(
            entry.id,
            { answer: `Ответ ${round}` },
            new Date(),
          )();
          if (E.isLeft(result)) throw new Error(result.left._tag);
        }
      }
      return targets;
    });
    const search = (path: SearchPath) =>
      withAssistant(path, async (_assistant, storage) => {
        const pages: number[][] = [];
        for (const [k] of edited.entries()) {
          const hits = await storage.repositories.knowledge.searchByVector(vectors[k]!, {
            category: null,
            limit: 10,
          })();
          if (E.isLeft(hits)) throw new Error(hits.left._tag);
          pages.push(ids(hits.right));
        }
        return pages;
      });
    const exact = await search('exact');
    const hnsw = await search('hnsw');
    expect(exact.map((page) => page.length)).toEqual([10, 10]);
    expect(exact.map((page) => page[0])).toEqual(edited.map((e) => e.id));
    expect(hnsw).toEqual(exact);
  }, 180_000);
});
