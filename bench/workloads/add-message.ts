import pg from 'pg';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import { searchPathOption } from '../lib/bench-database.js';
import type { BenchContext } from '../lib/context.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { nowMs, summarize } from '../lib/stats.js';

const CONTENT = 'Здравствуйте! Подскажите, пожалуйста, когда привезут мой заказ?';
/** The plain INSERT the floor prepares: same table, same columns the adapter fills. */
const FLOOR_INSERT = `INSERT INTO messages (session_id, role, content, "timestamp") VALUES ($1, 'user', $2, $3)`;

/**
 * messages-repository.ts add(), written out for raw pg: lock the session, insert only into
 * an active one, bump its updated_at. Timed as a second floor, to separate what the
 * statement's guarantees cost from what the library adds.
 */
const GUARDED_INSERT = `
  WITH target_session AS (SELECT id, is_active FROM sessions WHERE id = $1 FOR NO KEY UPDATE),
  inserted AS (
    INSERT INTO messages (session_id, role, content, "timestamp", tokens_used, source, knowledge_id, client_message_id)
    SELECT target_session.id, 'user', $2, $3, NULL::int, NULL, (SELECT id FROM knowledge_base WHERE id = NULL::int), NULL
    FROM target_session WHERE target_session.is_active
    ON CONFLICT (session_id, client_message_id) DO NOTHING
    RETURNING id, session_id, role, content, "timestamp", tokens_used, source, knowledge_id, client_message_id),
  touched AS (UPDATE sessions SET updated_at = $3 FROM inserted WHERE sessions.id = inserted.session_id)
  SELECT target_session.id AS locked_session_id, target_session.is_active AS locked_session_active, inserted.*
  FROM (VALUES (1)) AS always (one) LEFT JOIN target_session ON true LEFT JOIN inserted ON true`;

/** Runs `writers` loops of `each` sequential calls; returns wall time and every call's latency. */
const burst = async (writers: number, each: number, call: (writer: number) => Promise<unknown>) => {
  const latencies: number[] = [];
  const started = nowMs();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        const t0 = nowMs();
        await call(w);
        latencies.push(nowMs() - t0);
      }
    }),
  );
  return { wallMs: nowMs() - started, latencies };
};

/**
 * addMessage throughput with 1 and 8 concurrent writers (each on its own chat, as
 * visitors are), through the use-case, against raw prepared INSERTs into the same table
 * on a pg pool of the same size. Rounds alternate between the two so drift hits both.
 * median_ms is wall time per message (1 / throughput); p99_ms is one call's latency.
 */
export const runAddMessage = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const db = ctx.db;
  const levels = [1, 8].filter((c) => ctx.wanted(`add_message_${c}`));
  if (!db || levels.length === 0) return [];
  const storage = await db.storage({ poolSize: 8 });
  const assistant = await createAssistant(
    {},
    { storage, embedder: createOfflineEmbedder(), answerGenerator: noAnswerGenerator, onEmbedderMismatch: null },
  );
  const floorPool = new pg.Pool({ connectionString: db.url, options: searchPathOption(db.schema), max: 8 });
  const results: BenchResult[] = [];
  try {
    const sessions = await Promise.all(Array.from({ length: 8 }, () => assistant.startChat({})));
    const rounds = ctx.quick ? 2 : 7;
    for (const writers of levels) {
      const each = ctx.quick ? 10 : writers === 1 ? 300 : 100;
      const ours = { perMessage: [] as number[], latencies: [] as number[] };
      const floor = { perMessage: [] as number[], latencies: [] as number[] };
      const guarded = { perMessage: [] as number[], latencies: [] as number[] };
      const runOurs = () =>
        burst(writers, each, (w) =>
          assistant.addMessage({ sessionId: sessions[w]!.session.id, role: 'user', content: CONTENT }),
        );
      const runFloor = () =>
        burst(writers, each, (w) =>
          floorPool.query({
            name: 'bench_add_message',
            text: FLOOR_INSERT,
            values: [sessions[w]!.session.id, CONTENT, new Date()],
          }),
        );
      const runGuarded = () =>
        burst(writers, each, (w) =>
          floorPool.query({
            name: 'bench_add_message_guarded',
            text: GUARDED_INSERT,
            values: [sessions[w]!.session.id, CONTENT, new Date()],
          }),
        );
      await runOurs();
      await runFloor();
      await runGuarded();
      const contenders = [
        [runOurs, ours],
        [runFloor, floor],
        [runGuarded, guarded],
      ] as const;
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const [run, into] = contenders[(k + round) % contenders.length]!;
          const { wallMs, latencies } = await run();
          into.perMessage.push(wallMs / (writers * each));
          into.latencies.push(...latencies);
        }
      }
      const s = summarize(ours.perMessage);
      const f = summarize(floor.perMessage);
      ctx.log(
        `add_message_${writers}: ${(1000 / s.median).toFixed(0)} msg/s vs raw ${(1000 / f.median).toFixed(0)} msg/s`,
      );
      results.push({
        name: `add_message_${writers}`,
        median_ms: s.median,
        p99_ms: summarize(ours.latencies).p99,
        floor: `raw pg prepared INSERT, ${writers} writer${writers > 1 ? 's' : ''}, same table`,
        floor_median_ms: f.median,
        ratio: ratioOf(s.median, f.median),
        floor_p99_ms: summarize(floor.latencies).p99,
        floor_same_sql_median_ms: summarize(guarded.perMessage).median,
        ops_per_s: 1000 / s.median,
        floor_ops_per_s: 1000 / f.median,
        note: 'median_ms = wall ms per message (1/throughput); p99_ms = one call',
      });
    }
  } finally {
    await floorPool.end();
    await assistant.close();
  }
  return results;
};
