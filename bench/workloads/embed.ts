import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import type { BenchContext } from '../lib/context.js';
import type { BenchResult } from '../lib/result.js';
import { loadShopFaq, syntheticFaq } from '../lib/shop-faq.js';
import { summarize, timeEach } from '../lib/stats.js';

const BATCH = 64; // the batch size embedAll uses

/** The offline embedder's speed: ms per text over batches of real shop questions and FAQ texts. */
export const runEmbed = async (ctx: BenchContext): Promise<BenchResult[]> => {
  if (!ctx.wanted('embed')) return [];
  const embedder = createOfflineEmbedder();
  const { messages } = loadShopFaq();
  const texts = [...messages, ...syntheticFaq(1_000).map((e) => `${e.question}\n${e.keywords}`)];
  const batchAt = (i: number) => Array.from({ length: BATCH }, (_, k) => texts[(i * BATCH + k) % texts.length]!);
  const samples = await timeEach(
    { iterations: ctx.quick ? 10 : 300, warmup: ctx.quick ? 2 : 20, maxMs: ctx.quick ? 2_000 : 20_000 },
    async (i) => {
      const result = await embedder.embed(batchAt(i))();
      if (result._tag === 'Left') throw new Error('offline embedder failed');
    },
  );
  const perText = samples.map((ms) => ms / BATCH);
  const s = summarize(perText);
  ctx.log(`embed: ${(1000 / s.median).toFixed(0)} texts/s`);
  return [
    {
      name: 'embed',
      median_ms: s.median,
      p99_ms: s.p99,
      floor: null,
      floor_median_ms: null,
      ratio: null,
      ops_per_s: 1000 / s.median,
      note: `ms per text, batches of ${BATCH}`,
    },
  ];
};
