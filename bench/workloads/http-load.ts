/**
 * The `http` workload: the reference host on a loopback port, on each storage backend,
 * under V concurrent visitors (bench/lib/http-load.ts). Before the load one visitor asks
 * every question once; every answer under the load, and every answer to the same
 * questions asked again after it, is compared with that reference: "answers changed"
 * must be 0 (issue 13). On PostgreSQL it also reports what the load did to the tables
 * (dead tuples, HOT updates, table and index sizes; docs/reliability.md).
 */
import type { FastifyInstance } from 'fastify';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { createHttpServer } from '../../adapters/http/index.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { SPEC_FAQ } from '../../scripts/demo/spec-seed.js';
import type { Assistant } from '../../src/composition/assistant-facade.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import type { LogFields, Logger } from '../../src/ports/logger.js';
import type { Storage } from '../../src/ports/repositories.js';
import type { BenchContext } from '../lib/context.js';
import {
  changedAnswers,
  referenceAnswers,
  runHttpLoad,
  type ChangedAnswer,
  type HttpLoadResult,
} from '../lib/http-load.js';
import type { BenchResult } from '../lib/result.js';
import { SEED_QUESTIONS } from '../lib/seed-questions.js';
import { summarize } from '../lib/stats.js';
import { formatBytes, indexBytes, settledTableHealth, type TableHealth } from '../lib/table-health.js';

/** The tables the conversation loop writes on every message. */
export const WATCHED_TABLES = [
  'knowledge_base',
  'knowledge_counters',
  'sessions',
  'unanswered_questions',
  'visitors',
  'messages',
];

const HNSW_INDEX = 'knowledge_base_embedding_hnsw_idx';

/** One line the library logged. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

/** A silent logger that keeps its warnings and errors, so a run can say what failed (a search, a provider). */
export const collectingLogger = (): Logger & { readonly lines: LoggedLine[] } => {
  const lines: LoggedLine[] = [];
  const keep = (level: 'warn' | 'error') => (fields: LogFields, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: () => undefined, info: () => undefined, warn: keep('warn'), error: keep('error') };
};

/** The reference host on `storage`, seeded with the specification's FAQ, listening on a loopback port. */
export const startSeededHost = async (
  storage: Storage,
  logger: Logger,
): Promise<{ base: string; assistant: Assistant; app: FastifyInstance; close(): Promise<void> }> => {
  const assistant = await createAssistant(
    {},
    {
      storage,
      embedder: createOfflineEmbedder(),
      answerGenerator: noAnswerGenerator,
      onEmbedderMismatch: null,
      logger,
    },
  );
  await assistant.addKnowledgeBulk({ entries: SPEC_FAQ.map((e) => ({ ...e })) });
  const app = await createHttpServer({ assistant, rateLimit: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the host has no address');
  return {
    base: `http://127.0.0.1:${address.port}`,
    assistant,
    app,
    close: async () => {
      await app.close();
      await assistant.close();
    },
  };
};

/** What one load run on one backend found. */
export interface StabilityRun {
  readonly load: HttpLoadResult;
  /** Answers under the load, then answers to the reference questions asked again after it, that differ. */
  readonly changed: ReadonlyArray<ChangedAnswer>;
  /** How many answers were compared in all. */
  readonly compared: number;
}

/**
 * Reference answers, the load, the reference questions again: everything compared with
 * the reference. `questions` default to the seed questions.
 */
export const runStabilityCheck = async (
  base: string,
  options: { visitors: number; messagesPerVisitor: number; questions?: ReadonlyArray<string> },
): Promise<StabilityRun> => {
  const questions = options.questions ?? SEED_QUESTIONS;
  const reference = await referenceAnswers(base, questions);
  const load = await runHttpLoad({
    base,
    visitors: options.visitors,
    messagesPerVisitor: options.messagesPerVisitor,
    questions,
  });
  const again = await runHttpLoad({
    base,
    visitors: 1,
    messagesPerVisitor: questions.length,
    messagesPerChat: 1,
    questions,
  });
  const answers = [...load.answers, ...again.answers];
  return { load, changed: changedAnswers(reference, answers), compared: answers.length };
};

const describeChanges = (changed: ReadonlyArray<ChangedAnswer>): string => {
  const byKind = new Map<string, number>();
  for (const c of changed) {
    const kind = `${c.expected.source}#${c.expected.knowledgeId ?? '-'}→${c.status === 200 ? `${c.got.source}#${c.got.knowledgeId ?? '-'}` : `HTTP ${c.status}`}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return [...byKind.entries()].map(([kind, n]) => `${n}× ${kind}`).join(', ');
};

const healthNote = (before: ReadonlyArray<TableHealth>, after: ReadonlyArray<TableHealth>): string =>
  after
    .map((t) => {
      const b = before.find((x) => x.table === t.table);
      const updates = t.updates - (b?.updates ?? 0);
      const hot = t.hotUpdates - (b?.hotUpdates ?? 0);
      return `${t.table}: ${formatBytes(b?.heapBytes ?? 0)}→${formatBytes(t.heapBytes)}, dead ${t.deadTuples}, HOT ${hot}/${updates}`;
    })
    .join('; ');

const resultOf = (name: string, visitors: number, run: StabilityRun, extra: Partial<BenchResult>): BenchResult => {
  const latencies = run.load.answers.map((a) => a.latencyMs);
  const s = summarize(latencies);
  return {
    name,
    median_ms: s.median,
    p99_ms: s.p99,
    floor: null,
    floor_median_ms: null,
    ratio: null,
    ops_per_s: run.load.answers.length / (run.load.wallMs / 1000),
    visitors,
    messages: run.load.answers.length,
    answers_changed: run.changed.length,
    ...extra,
    note: [`answers changed: ${run.changed.length} of ${run.compared}`, describeChanges(run.changed), extra.note]
      .filter((part) => part !== undefined && part.length > 0)
      .join('; '),
  };
};

export const runHttpLoadWorkload = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const results: BenchResult[] = [];
  const messagesPerVisitor = ctx.quick ? 20 : ctx.httpMessagesPerVisitor;
  const visitorCounts = ctx.quick ? [2] : ctx.httpVisitors;

  for (const visitors of visitorCounts) {
    const memName = `http_load_mem_v${visitors}`;
    if (ctx.wanted(memName)) {
      const logger = collectingLogger();
      const host = await startSeededHost(await createSqlJsStorage(), logger);
      try {
        const run = await runStabilityCheck(host.base, { visitors, messagesPerVisitor });
        ctx.log(`${memName}: answers changed ${run.changed.length} of ${run.compared}`);
        results.push(
          resultOf(memName, visitors, run, {
            note: logger.lines.length > 0 ? `${logger.lines.length} logged warnings and errors` : '',
          }),
        );
      } finally {
        await host.close();
      }
    }

    const pgName = `http_load_pg_v${visitors}`;
    const db = ctx.db;
    if (db && ctx.wanted(pgName)) {
      const client = await db.client();
      const logger = collectingLogger();
      let host: Awaited<ReturnType<typeof startSeededHost>> | undefined;
      try {
        // an empty schema (other workloads load thousands of synthetic rows) with fresh statistics
        await client.query(`SELECT set_config('search_path', $1, false)`, [`${db.schema}, public`]);
        const storage = await db.storage({ poolSize: Math.min(10, visitors + 2) });
        const created = await storage.schema.createTables()();
        if (created._tag === 'Left') throw new Error(created.left.message);
        await client.query(
          'TRUNCATE knowledge_base, messages, sessions, visitors, users, unanswered_questions, chat_widget, context RESTART IDENTITY CASCADE',
        );
        host = await startSeededHost(storage, logger);
        const before = await settledTableHealth(client, db.schema, WATCHED_TABLES, 5_000);
        const run = await runStabilityCheck(host.base, { visitors, messagesPerVisitor });
        await host.close();
        host = undefined;
        const after = await settledTableHealth(client, db.schema, WATCHED_TABLES);
        const kb = after.find((t) => t.table === 'knowledge_base');
        const kbBefore = before.find((t) => t.table === 'knowledge_base');
        ctx.log(`${pgName}: answers changed ${run.changed.length} of ${run.compared}; ${healthNote(before, after)}`);
        results.push(
          resultOf(pgName, visitors, run, {
            knowledge_base_dead_tuples: kb?.deadTuples,
            knowledge_base_bytes_before: kbBefore?.heapBytes,
            knowledge_base_bytes: kb?.heapBytes,
            hnsw_bytes_before: indexBytes(before, HNSW_INDEX),
            hnsw_bytes: indexBytes(after, HNSW_INDEX),
            table_health_before: before,
            table_health: after,
            note: [
              healthNote(before, after),
              logger.lines.length > 0 ? `${logger.lines.length} logged warnings and errors` : '',
            ]
              .filter((s) => s.length > 0)
              .join('; '),
          }),
        );
      } finally {
        await host?.close();
        await client.end();
      }
    }
  }
  return results;
};
