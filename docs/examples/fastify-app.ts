/**
 * Embedding the assistant in your own Fastify app (the library's reference host in
 * adapters/http is a complete one; this is the minimal version).
 *
 *   npx tsx docs/examples/fastify-app.ts
 */
import Fastify from 'fastify';
import { createAssistantFromEnv, isAssistantError } from 'web-assistant-core';

export const buildFastifyApp = async () => {
  const assistant = await createAssistantFromEnv();
  const app = Fastify({ bodyLimit: 64 * 1024 });
  app.addHook('onClose', async () => assistant.close());

  app.setErrorHandler(async (error, _request, reply) => {
    if (isAssistantError(error)) {
      const status = error.tag === 'ValidationError' ? 400 : error.tag.endsWith('NotFound') ? 404 : 409;
      return reply.status(status).send({ error: { code: error.tag, message: error.message, path: error.path } });
    }
    return reply.status(500).send({ error: { code: 'InternalError', message: 'internal error' } });
  });

  app.get<{ Querystring: { q?: string; category?: string } }>('/faq/search', async (request) => {
    const result = await assistant.searchFaq({
      query: request.query.q ?? '',
      category: request.query.category ?? null,
    });
    return result.hits.map((h) => ({ question: h.entry.question, answer: h.entry.answer, confidence: h.confidence }));
  });

  app.post<{ Body: { session_uuid?: string; rating?: number } }>('/chat/end', async (request) => {
    const ended = await assistant.endChat({
      sessionUuid: request.body.session_uuid,
      rating: request.body.rating ?? null,
    });
    return { total_messages: ended.totalMessages, user_messages: ended.userMessages, rating: ended.rating };
  });

  return app;
};

if (process.argv[1]?.endsWith('fastify-app.ts')) {
  const app = await buildFastifyApp();
  await app.listen({ port: 3002, host: '127.0.0.1' });
  console.log('Fastify example on http://127.0.0.1:3002');
}
