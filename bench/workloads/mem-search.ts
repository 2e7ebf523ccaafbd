import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import type { NewKnowledgeEntry } from '../../src/ports/knowledge-base.js';
import { clusteredSource, DEFAULT_CLUSTERS, type ClusteredSet } from '../lib/clustered-vectors.js';
import type { BenchContext } from '../lib/context.js';
import { CATEGORY_COUNT, categoryName } from '../lib/pg-knowledge-loader.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { summarize, timeInterleaved } from '../lib/stats.js';

const LIMIT = 10;
const LOAD_BATCH = 2_000;

/**
 * The floor: a dot product per row of a contiguous, pre-normalised Float32Array and a
 * top-k kept in two small typed arrays, nothing else (no filter, no ids, no entries).
 */
export const tightTopK = (
  matrix: Float32Array,
  rows: number,
  dimensions: number,
  query: Float32Array,
  k: number,
): Int32Array => {
  const bestRows = new Int32Array(k).fill(-1);
  const bestScores = new Float64Array(k).fill(-Infinity);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++) sum += matrix[offset + i]! * query[i]!;
    if (sum <= bestScores[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && bestScores[at - 1]! < sum) {
      bestScores[at] = bestScores[at - 1]!;
      bestRows[at] = bestRows[at - 1]!;
      at--;
    }
    bestScores[at] = sum;
    bestRows[at] = row;
  }
  return bestRows;
};

const entryOf = (set: ClusteredSet, i: number, category: number): NewKnowledgeEntry => ({
  question: `question ${i}`,
  answer: 'answer',
  category: categoryName(category),
  keywords: null,
  priority: 0,
  isActive: true,
  embedding: set.row(i),
  embeddingModel: 'bench',
});

const settle = () => {
  // with --expose-gc the memory figure is a settled heap; without it, a noisier upper bound
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
};

export const runMemSearch = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const sizes = [...ctx.sizes].sort((a, b) => a - b).filter((n) => ctx.wanted(`mem_search_${n}`));
  if (sizes.length === 0) return [];
  const largest = sizes[sizes.length - 1] ?? 0;
  const source = clusteredSource(DEFAULT_CLUSTERS);
  const data = source.points(largest);
  const queries = source.points(100);
  const categories = new Int32Array(largest).map(() => Math.floor(source.random() * CATEGORY_COUNT));
  const storage = await createSqlJsStorage();
  const created = await storage.schema.createTables()();
  if (created._tag === 'Left') throw new Error(`createTables: ${created.left.message}`);
  const results: BenchResult[] = [];
  const now = new Date();
  let loaded = 0;
  let bytesPer10k: number | null = null;
  try {
    for (const n of sizes) {
      settle();
      const before = process.memoryUsage();
      for (let start = loaded; start < n; start += LOAD_BATCH) {
        const entries: NewKnowledgeEntry[] = [];
        for (let i = start; i < Math.min(n, start + LOAD_BATCH); i++)
          entries.push(entryOf(data, i, categories[i] ?? 0));
        const added = await storage.repositories.knowledge.addMany(entries, now)();
        if (added._tag === 'Left') throw new Error(`addMany: ${added.left._tag}`);
      }
      settle();
      const after = process.memoryUsage();
      // rss covers sql.js's WebAssembly heap (the stored BLOBs) and the JS matrix and text index
      if (n - loaded >= 5_000) bytesPer10k = ((after.rss - before.rss) / (n - loaded)) * 10_000;
      ctx.log(
        `mem_search_${n}: loaded ${n - loaded} entries, rss +${((after.rss - before.rss) / 2 ** 20).toFixed(0)} MiB`,
      );
      loaded = n;
      const query = (i: number) => queries.row(i % queries.count);
      const adapterSearch = async (i: number) => {
        const result = await storage.repositories.knowledge.searchByVector(query(i), {
          category: null,
          limit: LIMIT,
        })();
        if (result._tag === 'Left') throw new Error(`searchByVector: ${result.left._tag}`);
        return result.right.length;
      };
      const floorSearch = (i: number) => tightTopK(data.matrix, n, data.dimensions, query(i), LIMIT);
      const iterations = ctx.quick ? 20 : n >= 100_000 ? 60 : n >= 10_000 ? 300 : 1_000;
      const [ours = [], raw = []] = await timeInterleaved(
        { iterations, warmup: ctx.quick ? 3 : 20, maxMs: ctx.quick ? 3_000 : 60_000 },
        [adapterSearch, floorSearch],
      );
      const s = summarize(ours);
      const f = summarize(raw);
      ctx.log(`mem_search_${n}: ${s.median.toFixed(3)} ms vs tight scan ${f.median.toFixed(3)} ms`);
      results.push({
        name: `mem_search_${n}`,
        median_ms: s.median,
        p99_ms: s.p99,
        floor: 'tight Float32Array dot-product scan + top-k, same matrix',
        floor_median_ms: f.median,
        ratio: ratioOf(s.median, f.median),
        floor_p99_ms: f.p99,
        rows: LIMIT,
        ...(bytesPer10k !== null ? { bytes_per_10k: Math.round(bytesPer10k) } : {}),
      });
    }
  } finally {
    await storage.close();
  }
  return results;
};
