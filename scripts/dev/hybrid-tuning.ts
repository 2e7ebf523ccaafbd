/**
 * Development aid (not a test): explores reciprocal-rank-fusion weights and confidence
 * functions on an evaluation set, from one pass of vector and text searches.
 *   npx tsx scripts/dev/hybrid-tuning.ts eval/ru-ecommerce.json
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { createAssistant } from '../../src/index.js';
import { termCoverage } from '../../src/domain/faq-ranking.js';
import { analyzeText } from '../../adapters/text/text-analysis.js';
import { EvalSet } from '../../src/evaluation/eval-set.js';
import { decode } from '../../src/domain/validation.js';

type Signal = { id: number; rank: number; value: number };
const file = process.argv[2] ?? 'eval/ru-ecommerce.json';
const set = decode(EvalSet, JSON.parse(readFileSync(file, 'utf8')));
if (E.isLeft(set)) throw new Error('bad set');
const a = await createAssistant();
const added = await a.addKnowledgeBulk({
  entries: set.right.faq.map((f) => ({
    question: f.question,
    answer: f.answer,
    category: f.category ?? null,
    keywords: f.keywords ?? null,
  })),
});
const setId = new Map(added.map((e, i) => [e.id, set.right.faq[i]?.id ?? '']));
const entryById = new Map(added.map((e) => [e.id, e]));
const collect = async (text: string) => {
  const v = await a.searchFaq({ query: text, mode: 'vector', limit: 20 });
  const t = await a.searchFaq({ query: text, mode: 'text', limit: 20 });
  return {
    vector: v.hits.map((h, i): Signal => ({ id: h.entry.id, rank: i + 1, value: h.score })),
    text:
      t.mode === 'text'
        ? t.hits.map((h, i): Signal => ({
            id: h.entry.id,
            rank: i + 1,
            value: termCoverage(analyzeText(text), analyzeText(`${h.entry.question} ${h.entry.keywords ?? ''}`)),
          }))
        : [],
  };
};
const inScope = [];
for (const q of set.right.queries) inScope.push({ q, s: await collect(q.text) });
const oos = [];
for (const text of set.right.out_of_scope) oos.push(await collect(text));
await a.close();

type Conf = (sim: number, cov: number, vr: number | null, tr: number | null) => number;
const confs: Record<string, Conf> = {
  'max(s,(s+c)/2)': (s, c) => Math.max(s, (s + c) / 2),
  '(s+c)/2': (s, c) => (s + c) / 2,
  s: (s) => s,
  '0.6s+0.4c': (s, c) => 0.6 * s + 0.4 * c,
  's+0.15*agree': (s, c, vr, tr) => s + (vr === 1 && tr === 1 ? 0.15 : 0),
  'max(s,(s+c)/2)+0.1agree': (s, c, vr, tr) => Math.max(s, (s + c) / 2) + (vr === 1 && tr === 1 ? 0.1 : 0),
};
const fuse = (s: { vector: Signal[]; text: Signal[] }, k: number, wv: number, wt: number) => {
  const ids = new Set([...s.vector.map((x) => x.id), ...s.text.map((x) => x.id)]);
  return [...ids]
    .map((id) => {
      const v = s.vector.find((x) => x.id === id);
      const t = s.text.find((x) => x.id === id);
      const e = entryById.get(id)!;
      return {
        id,
        score: (v ? wv / (k + v.rank) : 0) + (t ? wt / (k + t.rank) : 0),
        sim: v?.value ?? 0,
        cov: t?.value ?? 0,
        vr: v?.rank ?? null,
        tr: t?.rank ?? null,
        p: e.priority,
      };
    })
    .sort((x, y) => y.score - x.score || y.p - x.p || x.id - y.id);
};
for (const k of [10, 30, 60])
  for (const [wv, wt] of [
    [1, 1],
    [1, 0.7],
    [0.7, 1],
    [1, 0.5],
  ]) {
    const tops = inScope.map(({ q, s }) => ({ q, top: fuse(s, k, wv!, wt!)[0] }));
    const hit1 = tops.filter((x) => x.top && setId.get(x.top.id) === x.q.expected).length / tops.length;
    const line = [`k=${k} wv=${wv} wt=${wt} hit@1=${hit1.toFixed(3)}`];
    for (const [name, f] of Object.entries(confs)) {
      const inConf = tops.map((x) => ({
        ok: x.top !== undefined && setId.get(x.top.id) === x.q.expected,
        c: x.top ? f(x.top.sim, x.top.cov, x.top.vr, x.top.tr) : 0,
      }));
      const oosConf = oos.map((s) => {
        const t = fuse(s, k, wv!, wt!)[0];
        return t ? f(t.sim, t.cov, t.vr, t.tr) : 0;
      });
      // the lowest threshold that rejects >= 80 % of out-of-scope, and what it answers right there
      const sorted = [...oosConf].sort((x, y) => y - x);
      const th = (sorted[Math.floor(oosConf.length * 0.2)] ?? 0) + 1e-9;
      const right = inConf.filter((x) => x.ok && x.c >= th).length / inConf.length;
      const wrong = inConf.filter((x) => !x.ok && x.c >= th).length / inConf.length;
      line.push(`${name}: th=${th.toFixed(3)} right=${right.toFixed(3)} wrong=${wrong.toFixed(3)}`);
    }
    console.log(line.join('\n   '));
  }
