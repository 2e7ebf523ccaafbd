/**
 * A plain Node script on PostgreSQL: import an FAQ, answer a question, print analytics.
 *
 *   DATABASE_URL=postgres://user@127.0.0.1:5432/shop npx tsx docs/examples/postgres-script.ts
 */
import { createAssistant } from 'web-assistant-core';

export const runPostgresExample = async (url: string): Promise<string[]> => {
  const out: string[] = [];
  const assistant = await createAssistant({ storage: { kind: 'postgres', url, poolSize: 4 } });
  try {
    if ((await assistant.listKnowledge({ limit: 1 })).length === 0) {
      await assistant.addKnowledgeBulk({
        entries: [
          {
            question: 'Сколько времени занимает доставка?',
            answer: 'По Москве 1-2 дня, по России 3-7 дней',
            category: 'Доставка',
          },
          {
            question: 'Можно ли вернуть товар?',
            answer: 'Да, в течение 14 дней',
            category: 'Возвраты',
            keywords: 'возврат, вернуть',
          },
        ],
      });
    }
    const chat = await assistant.startChat({ pageUrl: 'https://shop.example/' });
    const reply = await assistant.processMessage({ sessionUuid: chat.sessionUuid, message: 'сколько идет доставка?' });
    out.push(`${reply.source}: ${reply.answer}`);
    const stats = await assistant.endChat({ sessionUuid: chat.sessionUuid, rating: 5 });
    out.push(`messages: ${stats.totalMessages}, rating: ${stats.rating}`);
    out.push(`categories: ${JSON.stringify(await assistant.faqCategoryStats())}`);
  } finally {
    await assistant.close();
  }
  return out;
};

if (process.argv[1]?.endsWith('postgres-script.ts')) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL=postgres://...');
  for (const line of await runPostgresExample(url)) console.log(line);
}
