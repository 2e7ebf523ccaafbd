import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Russian shop FAQ of eval/ru-ecommerce.json: a realistic small FAQ and real visitor messages. */
export interface ShopFaq {
  readonly faq: ReadonlyArray<{ question: string; answer: string; category: string; keywords: string }>;
  /** In-scope questions and out-of-scope ones, interleaved so both reply paths are exercised. */
  readonly messages: ReadonlyArray<string>;
}

export const loadShopFaq = (): ShopFaq => {
  const file = fileURLToPath(new URL('../../eval/ru-ecommerce.json', import.meta.url));
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    faq: ShopFaq['faq'];
    queries: ReadonlyArray<{ text: string }>;
    out_of_scope: ReadonlyArray<string>;
  };
  const inScope = data.queries.map((q) => q.text);
  const messages: string[] = [];
  // about three answered questions to one the FAQ cannot answer
  for (let i = 0, o = 0; i < inScope.length; i++) {
    messages.push(inScope[i]!);
    if (i % 3 === 2 && o < data.out_of_scope.length) messages.push(data.out_of_scope[o++]!);
  }
  return { faq: data.faq, messages };
};

/** `count` FAQ entries built from the shop's 30 (question variants with numbered details), for import runs. */
export const syntheticFaq = (count: number) => {
  const { faq } = loadShopFaq();
  return Array.from({ length: count }, (_, i) => {
    const base = faq[i % faq.length]!;
    return {
      question: `${base.question} (вариант ${i}, раздел ${Math.floor(i / faq.length)})`,
      answer: base.answer,
      category: base.category,
      keywords: base.keywords,
    };
  });
};
