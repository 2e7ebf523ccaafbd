import type pg from 'pg';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { orTsQuery } from '../../adapters/postgres/text-query.js';
import { encodeVector } from '../../adapters/postgres/vector-encoding.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import type { Assistant } from '../../src/composition/assistant-facade.js';
import { normalizeQuestion } from '../../src/domain/normalize-question.js';
import type { Storage } from '../../src/ports/repositories.js';
import type { BenchContext } from '../lib/context.js';
import { startRoundTripProxy } from '../lib/round-trip-proxy.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { loadShopFaq } from '../lib/shop-faq.js';
import { summarize, timeInterleaved } from '../lib/stats.js';

const MESSAGES_PER_CHAT = 20;
const embedder = createOfflineEmbedder();

const embedOne = async (text: string): Promise<Float32Array> => {
  const result = await embedder.embed([text])();
  if (result._tag === 'Left' || !result.right[0]) throw new Error('offline embedder failed');
  return result.right[0];
};

const openAssistant = async (
  storage: Storage,
  beforeLoad: (() => Promise<unknown>) | null = async () => {},
): Promise<Assistant> => {
  const assistant = await createAssistant(
    {},
    { storage, embedder, answerGenerator: noAnswerGenerator, onEmbedderMismatch: null },
  );
  if (beforeLoad === null) return assistant; // a second assistant on an already loaded schema
  await beforeLoad();
  const { faq } = loadShopFaq();
  await assistant.addKnowledgeBulk({ entries: faq.map((e) => ({ ...e })) });
  return assistant;
};

/** One chat per MESSAGES_PER_CHAT messages, as a visitor asks a few questions and leaves; chat starts are not timed. */
const chats = (assistant: Assistant) => {
  let uuid = '';
  let sent = MESSAGES_PER_CHAT;
  return async (): Promise<string> => {
    if (sent >= MESSAGES_PER_CHAT) {
      uuid = (await assistant.startChat({})).sessionUuid;
      sent = 0;
    }
    sent++;
    return uuid;
  };
};

/*
 * The floor on PostgreSQL: the same visible work (store the message, search by vector and
 * by text, store the reply and count the view or the unanswered question) as three
 * prepared statements through raw pg, the shape proposed in docs/performance.md. It
 * reuses the adapter's decision for each message, so both take the same path.
 */
const FLOOR_STORE_USER = `
  WITH target AS (SELECT id FROM sessions WHERE session_uuid = $1 AND is_active FOR NO KEY UPDATE),
  inserted AS (
    INSERT INTO messages (session_id, role, content, "timestamp")
    SELECT id, 'user', $2, now() FROM target RETURNING id, session_id),
  touched AS (UPDATE sessions SET updated_at = now() FROM inserted WHERE sessions.id = inserted.session_id)
  SELECT id, session_id FROM inserted`;

const CANDIDATE_COLUMNS = 'id, question, answer, category, keywords, priority, is_active';
const FLOOR_SEARCH = `
  SELECT hits.*, coalesce(c.views_count, 0) AS views_count, coalesce(c.helpful_count, 0) AS helpful_count FROM (
    (SELECT 'vector' AS channel, ${CANDIDATE_COLUMNS}, 1 - distance AS score FROM (
       SELECT ${CANDIDATE_COLUMNS}, embedding <=> $1::vector AS distance FROM knowledge_base
       WHERE is_active AND embedding IS NOT NULL ORDER BY distance LIMIT 40) AS v
     ORDER BY score DESC, priority DESC, id LIMIT 20)
    UNION ALL
    (SELECT 'text', ${CANDIDATE_COLUMNS}, ts_rank(search_vector, search_query)::float8 AS score
     FROM knowledge_base, to_tsquery('russian', $2) AS search_query
     WHERE is_active AND search_vector @@ search_query ORDER BY score DESC, priority DESC, id LIMIT 20)
  ) AS hits LEFT JOIN knowledge_counters AS c ON c.id = hits.id`;

const FLOOR_STORE_FAQ_REPLY = `
  WITH viewed AS (
    INSERT INTO knowledge_counters (id, views_count) VALUES ($3, 1)
    ON CONFLICT (id) DO UPDATE SET views_count = knowledge_counters.views_count + 1),
  touched AS (UPDATE sessions SET updated_at = now() WHERE id = $1)
  INSERT INTO messages (session_id, role, content, "timestamp", source, knowledge_id)
  VALUES ($1, 'assistant', $2, now(), 'faq', $3) RETURNING id`;

const FLOOR_STORE_HANDOFF = `
  WITH counted AS (
    INSERT INTO unanswered_questions (normalized_text, example_text, count, first_seen, last_seen)
    VALUES ($3, $4, 1, now(), now())
    ON CONFLICT (normalized_text) DO UPDATE SET count = unanswered_questions.count + 1, last_seen = now()),
  touched AS (UPDATE sessions SET updated_at = now() WHERE id = $1)
  INSERT INTO messages (session_id, role, content, "timestamp", source)
  VALUES ($1, 'assistant', $2, now(), 'handoff') RETURNING id`;

interface Decision {
  readonly source: string;
  readonly knowledgeId: number | null;
  readonly answer: string;
}

const floorProcess = (client: pg.Client, decisions: Map<string, Decision>) => async (uuid: string, text: string) => {
  const vector = encodeVector(await embedOne(text));
  const stored = await client.query<{ id: number; session_id: number }>({
    name: 'pm_user',
    text: FLOOR_STORE_USER,
    values: [uuid, text],
  });
  const sessionId = stored.rows[0]?.session_id;
  if (sessionId === undefined) throw new Error('floor: session not found');
  await client.query({ name: 'pm_search', text: FLOOR_SEARCH, values: [vector, orTsQuery(text) ?? ''] });
  const decision = decisions.get(text);
  if (!decision) throw new Error('floor: no decision recorded for this message');
  if (decision.source === 'faq') {
    await client.query({
      name: 'pm_faq',
      text: FLOOR_STORE_FAQ_REPLY,
      values: [sessionId, decision.answer, decision.knowledgeId],
    });
  } else {
    await client.query({
      name: 'pm_handoff',
      text: FLOOR_STORE_HANDOFF,
      values: [sessionId, decision.answer, normalizeQuestion(text), text],
    });
  }
};

const roundTripsOf = (samples: ReadonlyArray<number>) => (samples.length === 0 ? undefined : summarize(samples).median);

export const runProcessMessage = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const results: BenchResult[] = [];
  const { messages } = loadShopFaq();
  const iterations = ctx.quick ? 20 : 400;
  const options = { iterations, warmup: ctx.quick ? 3 : messages.length, maxMs: ctx.quick ? 5_000 : 60_000 };

  if (ctx.wanted('process_message_mem')) {
    const storage = await createSqlJsStorage();
    const assistant = await openAssistant(storage);
    const nextChat = chats(assistant);
    const [ours = [], floor = []] = await timeInterleaved(options, [
      async (i) => assistant.processMessage({ sessionUuid: await nextChat(), message: messages[i % messages.length]! }),
      (i) => assistant.searchFaq({ query: messages[i % messages.length]!, limit: 3 }),
    ]);
    await assistant.close();
    const s = summarize(ours);
    const f = summarize(floor);
    ctx.log(`process_message_mem: ${s.median.toFixed(3)} ms (searchFaq alone ${f.median.toFixed(3)} ms)`);
    results.push({
      name: 'process_message_mem',
      median_ms: s.median,
      p99_ms: s.p99,
      floor: 'searchFaq alone on the same store (ProcessMessage minus its reads and writes)',
      floor_median_ms: f.median,
      ratio: ratioOf(s.median, f.median),
      floor_p99_ms: f.p99,
    });
  }

  const db = ctx.db;
  if (db && ctx.wanted('process_message_pg')) {
    // Round trips are counted on a storage behind the counting proxy; latency is timed on a
    // direct one, so the proxy's extra hops are not charged to the library.
    const target = new URL(db.url);
    const proxy = await startRoundTripProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const counted = await db.storage({ poolSize: 4, url: proxied.toString() });
    const direct = await db.storage({ poolSize: 4 });
    const client = await db.client();
    try {
      // a shop-sized FAQ, not the search workload's synthetic rows
      const countedAssistant = await openAssistant(counted, () =>
        client.query('TRUNCATE knowledge_base RESTART IDENTITY CASCADE'),
      );
      const assistant = await openAssistant(direct, null);
      await client.query("SET hnsw.ef_search = 40; SET hnsw.iterative_scan = 'relaxed_order'");
      const decisions = new Map<string, Decision>();
      const faqTrips: number[] = [];
      const missTrips: number[] = [];
      const countedChat = chats(countedAssistant);
      // every message once, after one warm-up call (the first search also reads pgvector's version)
      await countedAssistant.processMessage({ sessionUuid: await countedChat(), message: messages[0]! });
      for (const text of messages) {
        const uuid = await countedChat();
        const before = proxy.count();
        const reply = await countedAssistant.processMessage({ sessionUuid: uuid, message: text });
        (reply.source === 'faq' ? faqTrips : missTrips).push(proxy.count() - before);
        decisions.set(text, {
          source: reply.source ?? 'none',
          knowledgeId: reply.knowledgeId,
          answer: reply.answer ?? '',
        });
      }
      await countedAssistant.close();

      const nextChat = chats(assistant);
      const floor = floorProcess(client, decisions);
      let floorChat = '';
      const [ours = [], raw = []] = await timeInterleaved(options, [
        async (i) => {
          floorChat = await nextChat();
          await assistant.processMessage({ sessionUuid: floorChat, message: messages[i % messages.length]! });
        },
        async (i) => {
          if (floorChat === '') floorChat = await nextChat();
          await floor(floorChat, messages[i % messages.length]!);
        },
      ]);
      await assistant.close();
      const s = summarize(ours);
      const f = summarize(raw);
      const all = [...faqTrips, ...missTrips];
      ctx.log(
        `process_message_pg: ${s.median.toFixed(3)} ms, ${roundTripsOf(all)} round trips (floor ${f.median.toFixed(3)} ms, 3)`,
      );
      results.push({
        name: 'process_message_pg',
        median_ms: s.median,
        p99_ms: s.p99,
        floor:
          'raw pg, 3 prepared statements (store message; vector+text search; reply + view/unanswered count) + embedding',
        floor_median_ms: f.median,
        ratio: ratioOf(s.median, f.median),
        floor_p99_ms: f.p99,
        round_trips: roundTripsOf(all),
        round_trips_faq: roundTripsOf(faqTrips),
        round_trips_miss: roundTripsOf(missTrips),
        note: `${faqTrips.length} FAQ answers, ${missTrips.length} hand-offs`,
      });
    } finally {
      await client.end();
      await proxy.close();
    }
  }
  return results;
};
