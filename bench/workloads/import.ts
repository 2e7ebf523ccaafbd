import type pg from 'pg';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { encodeVector } from '../../adapters/postgres/vector-encoding.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import type { Storage } from '../../src/ports/repositories.js';
import type { BenchContext } from '../lib/context.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { syntheticFaq } from '../lib/shop-faq.js';
import { nowMs, summarize } from '../lib/stats.js';

const COUNT = 10_000;
const ROWS_PER_STATEMENT = 1_000;

type Entry = ReturnType<typeof syntheticFaq>[number];

const importThrough = async (
  storage: Storage,
  entries: ReadonlyArray<Entry>,
  before: () => Promise<unknown>,
): Promise<number> => {
  const assistant = await createAssistant(
    {},
    { storage, embedder: createOfflineEmbedder(), answerGenerator: noAnswerGenerator, onEmbedderMismatch: null },
  );
  await before();
  const t0 = nowMs();
  await assistant.addKnowledgeBulk({ entries: entries.map((e) => ({ ...e })) });
  return nowMs() - t0;
};

/**
 * The floor: the same embedder over the same texts, then multi-row INSERTs with binary
 * vectors in one transaction, through raw pg into the same table (indexes included).
 */
const floorImport = async (client: pg.Client, entries: ReadonlyArray<Entry>): Promise<number> => {
  const embedder = createOfflineEmbedder();
  const t0 = nowMs();
  const embedded = await embedder.embed(entries.map((e) => `${e.question}\n${e.keywords}`))();
  if (embedded._tag === 'Left') throw new Error('offline embedder failed');
  await client.query('BEGIN');
  for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
    const values: string[] = [];
    const parameters: Array<string | Buffer> = [];
    for (let i = start; i < Math.min(entries.length, start + ROWS_PER_STATEMENT); i++) {
      const e = entries[i]!;
      const p = parameters.length;
      values.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::vector, $${p + 6}, 0, true, now(), now())`);
      parameters.push(e.question, e.answer, e.category, e.keywords, encodeVector(embedded.right[i]!), embedder.model);
    }
    await client.query(
      `INSERT INTO knowledge_base (question, answer, category, keywords, embedding, embedding_model, priority, is_active, created_at, updated_at)
       VALUES ${values.join(', ')}`,
      parameters,
    );
  }
  await client.query('COMMIT');
  return nowMs() - t0;
};

/** Bulk import of 10k FAQ entries with the offline embedder (addKnowledgeBulk), on PostgreSQL (headline) and sql.js. */
export const runImport = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const results: BenchResult[] = [];
  const count = ctx.quick ? 500 : COUNT;
  const entries = syntheticFaq(count);
  const runs = ctx.quick ? 1 : 3;
  const db = ctx.db;
  if (db && ctx.wanted('import_10k')) {
    const storage = await db.storage({ poolSize: 2 });
    const client = await db.client();
    const empty = () => client.query('TRUNCATE knowledge_base RESTART IDENTITY CASCADE');
    try {
      const ours: number[] = [];
      const floor: number[] = [];
      for (let run = 0; run < runs; run++) {
        ours.push(await importThrough(storage, entries, empty));
        await empty();
        floor.push(await floorImport(client, entries));
        ctx.log(
          `import_10k (pg) run ${run + 1}: ${(ours[run]! / 1000).toFixed(2)} s vs floor ${(floor[run]! / 1000).toFixed(2)} s`,
        );
      }
      const s = summarize(ours);
      const f = summarize(floor);
      results.push({
        name: 'import_10k',
        median_ms: s.median,
        p99_ms: s.p99,
        floor: 'same embedder + raw pg multi-row INSERT (binary vectors, one transaction), same table and indexes',
        floor_median_ms: f.median,
        ratio: ratioOf(s.median, f.median),
        rows: count,
        note: `PostgreSQL, ${runs} runs`,
      });
    } finally {
      await client.end();
    }
  }
  if (ctx.wanted('import_10k_mem')) {
    const ours: number[] = [];
    for (let run = 0; run < runs; run++) {
      const storage = await createSqlJsStorage();
      ours.push(await importThrough(storage, entries, async () => {}));
      await storage.close();
    }
    const embedder = createOfflineEmbedder();
    const t0 = nowMs();
    await embedder.embed(entries.map((e) => `${e.question}\n${e.keywords}`))();
    const embedMs = nowMs() - t0;
    const s = summarize(ours);
    ctx.log(`import_10k_mem: ${(s.median / 1000).toFixed(2)} s (embedding alone ${(embedMs / 1000).toFixed(2)} s)`);
    results.push({
      name: 'import_10k_mem',
      median_ms: s.median,
      p99_ms: s.p99,
      floor: 'the offline embedder alone over the same texts',
      floor_median_ms: embedMs,
      ratio: ratioOf(s.median, embedMs),
      rows: count,
      note: `sql.js, ${runs} runs`,
    });
  }
  return results;
};
