import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { convertBanking77 } from '../../scripts/convert-banking77.js';
import { decode } from '../../src/domain/validation.js';
import { bm25Index } from '../../src/evaluation/bm25.js';
import { EvalSet } from '../../src/evaluation/eval-set.js';
import { rankMetrics, rankOf } from '../../src/evaluation/metrics.js';
import { runEvaluation } from '../../src/evaluation/run-evaluation.js';

const root = resolve(import.meta.dirname, '../..');
const russianSet = () => {
  const set = decode(EvalSet, JSON.parse(readFileSync(resolve(root, 'eval/ru-ecommerce.json'), 'utf8')));
  if (E.isLeft(set)) throw new Error(set.left.message);
  return set.right;
};

describe('evaluation building blocks', () => {
  it('computes hit@1, hit@5 and MRR from ranks', () => {
    expect(rankMetrics([1, 2, null, 6])).toEqual({
      count: 4,
      hit_at_1: 0.25,
      hit_at_5: 0.5,
      mrr: (1 + 0.5 + 1 / 6) / 4,
    });
    expect(rankOf(['a', 'b', 'a'], 'a')).toBe(1);
    expect(rankOf(['a', 'b'], 'c')).toBeNull();
  });

  it('ranks with BM25: rarer shared words weigh more', () => {
    const index = bm25Index(['доставка по москве', 'доставка в регионы', 'оплата картой']);
    expect(index.search('доставку в регионы', 3)).toEqual([1, 0]);
    expect(index.search('карта', 3)).toEqual([2]);
  });

  it('converts Banking77 to the evaluation format with word-free answers', () => {
    const set = convertBanking77(
      'text,category\nWhere is my card?,card_arrival\n"Top up, failed",top_up_failed\n',
      'text,category\nmy card has not come,card_arrival\n',
    );
    expect(set.faq).toEqual([
      { id: 'card_arrival', question: 'Where is my card?', answer: '—', category: null, keywords: null },
      { id: 'top_up_failed', question: 'Top up, failed', answer: '—', category: null, keywords: null },
    ]);
    expect(set.queries).toEqual([{ text: 'my card has not come', expected: 'card_arrival', kind: 'test' }]);
    expect(E.isRight(decode(EvalSet, set))).toBe(true);
  });
});

describe('the Russian e-commerce set (offline embedder, hybrid mode)', () => {
  it('beats BM25 clearly and rejects at least 80 % of out-of-scope questions at the default threshold', async () => {
    const report = await runEvaluation(russianSet());
    expect(report.mode).toBe('hybrid');
    expect(report.hit_at_1).toBeGreaterThanOrEqual(report.bm25.hit_at_1 + 0.03);
    expect(report.mrr).toBeGreaterThan(report.bm25.mrr);
    expect(report.out_of_scope_rejection).toBeGreaterThanOrEqual(0.8);
    expect(report.answered_correct).toBeGreaterThan(report.answered_wrong * 5);
    for (const kind of ['paraphrase', 'inflection', 'typo', 'colloquial', 'keyword'])
      expect(report.by_kind[kind]?.count).toBeGreaterThan(0);
    // typo tolerance comes from the embedder's character n-grams
    expect(report.by_kind.typo!.hit_at_1).toBeGreaterThan(report.bm25.by_kind.typo!.hit_at_1);
  });

  it('prints the machine-readable report with --json', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval.ts', 'eval/ru-ecommerce.json', '--json'],
      {
        env: { ...process.env, DATABASE_URL: '', EMBEDDER: '' },
        cwd: root,
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['hit_at_1', 'hit_at_5', 'mrr', 'out_of_scope_rejection', 'by_kind', 'bm25'])
      expect(report).toHaveProperty(key);
    expect(report.bm25).toHaveProperty('hit_at_1');
  }, 60_000);
});
