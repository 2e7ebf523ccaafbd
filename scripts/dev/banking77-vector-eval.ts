/**
 * Measures the offline embedder as an FAQ retriever on Banking77 (a dataset nobody on the
 * project wrote): every training utterance becomes an FAQ entry, every test utterance a
 * query; a hit is a nearest entry with the query's intent. Prints hit@1 and hit@5 for exact
 * cosine nearest neighbours and for a plain BM25 baseline over analyzeText terms, plus
 * embedding throughput.
 *
 *   npx tsx scripts/dev/banking77-vector-eval.ts [--dev] [--per-intent] [--config '{"bigramWeight":0.3}'] [--dims 1024]
 *
 * `--dev` evaluates on every fifth training utterance against the other four fifths (for tuning).
 * `--config` overrides fields of DEFAULT_FEATURE_CONFIG, for tuning without editing code.
 */
import { parseCsv } from '../../src/cli/csv.js';
import { bm25Index } from '../../src/evaluation/bm25.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_FEATURE_CONFIG,
  hashedTextVector,
  type HashedFeatureConfig,
} from '../../adapters/embedding/hashed-text-vector.js';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';

const DATA_DIR = process.env['BANKING77_DIR'] ?? '/work/shared/eval/banking77';

interface Example {
  readonly text: string;
  readonly category: string;
}

const loadExamples = (file: string): Example[] => {
  const [header, ...rows] = parseCsv(readFileSync(`${DATA_DIR}/${file}`, 'utf8'), ',').map((record) => [
    ...record.fields,
  ]);
  const textAt = header?.indexOf('text') ?? -1;
  const categoryAt = header?.indexOf('category') ?? -1;
  if (textAt < 0 || categoryAt < 0) throw new Error(`${file}: expected columns text,category`);
  return rows
    .filter((r) => r.length > Math.max(textAt, categoryAt))
    .map((r) => ({ text: r[textAt] ?? '', category: r[categoryAt] ?? '' }));
};

const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

/** Indices of the `k` best scores, best first; ties go to the earlier entry. */
const topK = (scores: Float64Array, k: number): number[] => {
  const best: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j] ?? 0;
    if (best.length === k && s <= (scores[best[k - 1] ?? 0] ?? 0)) continue;
    let at = best.length;
    while (at > 0 && s > (scores[best[at - 1] ?? 0] ?? 0)) at--;
    best.splice(at, 0, j);
    if (best.length > k) best.pop();
  }
  return best;
};

interface Tally {
  hit1: number;
  hit5: number;
  total: number;
}
const emptyTally = (): Tally => ({ hit1: 0, hit5: 0, total: 0 });

const evaluate = (
  name: string,
  test: ReadonlyArray<Example>,
  train: ReadonlyArray<Example>,
  rank: (queryIndex: number) => number[],
): Map<string, Tally> => {
  const byIntent = new Map<string, Tally>();
  const overall = emptyTally();
  for (let q = 0; q < test.length; q++) {
    const expected = test[q]?.category ?? '';
    const top = rank(q);
    const tally = byIntent.get(expected) ?? emptyTally();
    byIntent.set(expected, tally);
    const hit1 = top.length > 0 && train[top[0] ?? -1]?.category === expected;
    const hit5 = top.some((j) => train[j]?.category === expected);
    for (const t of [tally, overall]) {
      t.total++;
      if (hit1) t.hit1++;
      if (hit5) t.hit5++;
    }
  }
  console.log(
    `${name.padEnd(28)} hit@1 ${(overall.hit1 / overall.total).toFixed(4)}  hit@5 ${(overall.hit5 / overall.total).toFixed(4)}  (${overall.total} queries)`,
  );
  return byIntent;
};

/** Exact cosine (dot product of unit vectors) via per-dimension posting lists of the nonzero entries. */
const cosineRanker = (entries: ReadonlyArray<Float32Array>, queries: ReadonlyArray<Float32Array>, dims: number) => {
  const postings: Array<{ ids: number[]; values: number[] }> = Array.from({ length: dims }, () => ({
    ids: [],
    values: [],
  }));
  entries.forEach((vector, j) => {
    for (let d = 0; d < dims; d++) {
      const v = vector[d] ?? 0;
      if (v !== 0) {
        postings[d]?.ids.push(j);
        postings[d]?.values.push(v);
      }
    }
  });
  const scores = new Float64Array(entries.length);
  return (q: number): number[] => {
    scores.fill(0);
    const query = queries[q];
    if (query === undefined) return [];
    for (let d = 0; d < dims; d++) {
      const qv = query[d] ?? 0;
      const list = postings[d];
      if (qv === 0 || list === undefined) continue;
      for (let i = 0; i < list.ids.length; i++) {
        const j = list.ids[i] ?? 0;
        scores[j] = (scores[j] ?? 0) + qv * (list.values[i] ?? 0);
      }
    }
    return topK(scores, 5);
  };
};

/** The evaluation's BM25 baseline (src/evaluation/bm25.ts) as a ranker of query indexes. */
const bm25Ranker = (entries: ReadonlyArray<string>, queries: ReadonlyArray<string>) => {
  const index = bm25Index(entries);
  return (q: number): number[] => index.search(queries[q] ?? '', 5);
};

const main = async (): Promise<void> => {
  const fullTrain = loadExamples('train.csv');
  // --dev tunes on a held-out fifth of the training set, so the test set stays unseen while tuning.
  const dev = process.argv.includes('--dev');
  const train = dev ? fullTrain.filter((_, i) => i % 5 !== 0) : fullTrain;
  const test = dev ? fullTrain.filter((_, i) => i % 5 === 0) : loadExamples('test.csv');
  const dims = Number(argValue('--dims') ?? 1024);
  const overrides = JSON.parse(argValue('--config') ?? '{}') as Partial<HashedFeatureConfig>;
  const config: HashedFeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...overrides };
  console.log(
    `banking77${dev ? ' (dev split of train.csv)' : ''}: ${train.length} entries, ${test.length} queries; features ${JSON.stringify(config)}, ${dims} dims`,
  );

  // Throughput through the public Embedder (default config), as an import would see it.
  const embedder = createOfflineEmbedder({ dimensions: dims });
  const allTexts = [...train, ...test].map((e) => e.text);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await embedder.embed(allTexts)();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (result._tag === 'Left') throw new Error(result.left.message);
  // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
  console.log(
    `throughput (${embedder.model}): ${allTexts.length} texts in ${seconds.toFixed(2)} s wall = ${Math.round(allTexts.length / seconds)} texts/s; ` +
      `${cpuSeconds.toFixed(2)} s CPU = ${Math.round(allTexts.length / cpuSeconds)} texts/s per core`,
  );

  const entryVectors = train.map((e) => hashedTextVector(e.text, dims, config));
  const queryVectors = test.map((e) => hashedTextVector(e.text, dims, config));
  const vectorTallies = evaluate(
    'offline embedder, cosine',
    test,
    train,
    cosineRanker(entryVectors, queryVectors, dims),
  );
  const bm25Tallies = evaluate(
    'BM25 (analyzeText)',
    test,
    train,
    bm25Ranker(
      train.map((e) => e.text),
      test.map((e) => e.text),
    ),
  );

  const intents = [...vectorTallies.entries()].sort((a, b) => a[1].hit1 / a[1].total - b[1].hit1 / b[1].total);
  const shown = process.argv.includes('--per-intent') ? intents : intents.slice(0, 10);
  console.log(
    `\n${process.argv.includes('--per-intent') ? 'per intent' : '10 weakest intents'} (vector hit@1 / hit@5 | BM25 hit@1 / hit@5):`,
  );
  for (const [intent, t] of shown) {
    const bm = bm25Tallies.get(intent) ?? emptyTally();
    console.log(
      `  ${intent.padEnd(50)} ${(t.hit1 / t.total).toFixed(2)} / ${(t.hit5 / t.total).toFixed(2)} | ${(bm.hit1 / bm.total).toFixed(2)} / ${(bm.hit5 / bm.total).toFixed(2)}  (n=${t.total})`,
    );
  }
};

await main();
