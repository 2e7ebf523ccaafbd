/**
 * The main job until the HTTP host exists: a scripted chat against the specification's
 * FAQ, printed to the terminal. Runs on the embedded sql.js store with no configuration;
 * DATABASE_URL switches it (postgres://... or sqlite:///file.db).
 *
 *   npm start
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test npm start
 */
import { createAssistantFromEnv, isAssistantError } from '../src/index.js';
import { seedSpecificationData } from './demo/spec-seed.js';

const QUESTIONS = [
  'Как оформить заказ?',
  'Какие способы оплаты у вас есть? Можно картой?',
  'Сколько ждать доставку в регионы?',
  'Хочу вернуть товар',
  'Где мой заказ? Дайте трек',
  'Посоветуйте ноутбук для игр',
];

const line = (s = '') => process.stdout.write(`${s}\n`);

const main = async () => {
  const assistant = await createAssistantFromEnv();
  try {
    const { seeded } = await seedSpecificationData(assistant);
    line(
      `web-assistant core demo: ${assistant.storageKind} storage${seeded ? ", seeded with the specification's FAQ" : ''}`,
    );
    const profile = await assistant.getWidgetSettings({ name: 'default' });
    line(`widget "default": ${profile?.botName} ${profile?.primaryColor} ${profile?.position}`);
    line();

    const chat = await assistant.startChat({
      ipAddress: '127.0.0.1',
      userAgent: 'demo-script',
      deviceType: 'desktop',
      browser: 'Terminal',
      pageUrl: 'https://shop.example/products',
    });
    line(`🤖 ${chat.welcomeMessage}`);
    for (const question of QUESTIONS) {
      const reply = await assistant.processMessage({ sessionUuid: chat.sessionUuid, message: question });
      line(`👤 ${question}`);
      const origin = reply.source === 'faq' ? `FAQ #${reply.knowledgeId}` : reply.source;
      line(`🤖 ${reply.answer}   [${origin}, score ${reply.score?.toFixed(2) ?? '-'}]`);
    }
    const ended = await assistant.endChat({ sessionUuid: chat.sessionUuid, rating: 5 });
    line();
    line(
      `chat ended: ${ended.totalMessages} messages, ${ended.userMessages} from the visitor, rating ${ended.rating}, ${ended.durationSeconds ?? 0} s`,
    );
    line();
    line('text export:');
    line(await assistant.exportChatHistory({ sessionUuid: chat.sessionUuid, format: 'text' }));
  } finally {
    await assistant.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${isAssistantError(error) ? `${error.tag}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
});
