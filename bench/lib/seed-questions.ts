import { SPEC_FAQ } from '../../scripts/demo/spec-seed.js';

/**
 * What visitors ask the specification's shop (its seven FAQ entries, scripts/demo/spec-seed.ts):
 * the entries' own questions, paraphrases a visitor would type, and questions the FAQ
 * cannot answer. Interleaved, so that every run exercises both reply paths (an FAQ answer
 * that counts a view, and a hand-off that counts an unanswered question).
 */
const PARAPHRASES = [
  'как сделать заказ на сайте?',
  'какие есть способы оплаты?',
  'можно оплатить картой visa?',
  'где посмотреть трек-номер заказа?',
  'как вернуть товар, если не подошел?',
  'доставляете ли вы в регионы россии?',
  'сколько дней занимает доставка по москве?',
  'когда придет заказ?',
  'как оформить покупку?',
  'принимаете оплату через paypal?',
  'как отследить мою посылку?',
  'возврат товара возможен?',
  'сколько ждать доставку?',
  'когда мне привезут заказ?',
];

const MISSES = [
  'привет, как дела?',
  'расскажи анекдот',
  'у вас есть подарочные сертификаты?',
  'можно ли оплатить покупку биткоинами?',
  'работаете ли вы в выходные?',
  'какая завтра погода?',
  'где ближайший пункт самовывоза?',
];

export const SEED_QUESTIONS: ReadonlyArray<string> = (() => {
  const hits = [...SPEC_FAQ.map((e) => e.question), ...PARAPHRASES];
  const all: string[] = [];
  // about three hits to one miss, as in docs/performance.md's ProcessMessage workload
  for (let i = 0, m = 0; i < hits.length; i++) {
    all.push(hits[i]!);
    if (i % 3 === 2 && m < MISSES.length) all.push(MISSES[m++]!);
  }
  return all;
})();
