/**
 * Embedding the assistant in an Express app: two routes over the Promise facade, with
 * the domain's error tags mapped to status codes.
 *
 *   npx tsx docs/examples/express-app.ts     (then POST to http://127.0.0.1:3001/chat/start)
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAssistantFromEnv, isAssistantError } from 'web-assistant-core';

const statusOf = (tag: string): number =>
  tag === 'ValidationError' ? 400 : tag.endsWith('NotFound') ? 404 : tag === 'StorageUnavailable' ? 503 : 409;

export const buildExpressApp = async () => {
  const assistant = await createAssistantFromEnv();
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.post('/chat/start', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = req.body as { visitor_id?: string; page_url?: string };
      const chat = await assistant.startChat({ visitorId: body.visitor_id, pageUrl: body.page_url, ipAddress: req.ip });
      res.json({
        session_uuid: chat.sessionUuid,
        visitor_id: chat.visitor.visitorId,
        welcome_message: chat.welcomeMessage,
      });
    } catch (error) {
      next(error);
    }
  });

  app.post('/chat/message', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = req.body as { session_uuid?: string; message?: string };
      const reply = await assistant.processMessage({ sessionUuid: body.session_uuid, message: body.message ?? '' });
      res.json({ answer: reply.answer, confidence: reply.confidence, source: reply.source });
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!isAssistantError(error)) return next(error);
    res.status(statusOf(error.tag)).json({ error: { code: error.tag, message: error.message, path: error.path } });
  });

  return { app, assistant };
};

if (process.argv[1]?.endsWith('express-app.ts')) {
  const { app } = await buildExpressApp();
  app.listen(3001, '127.0.0.1', () => console.log('Express example on http://127.0.0.1:3001'));
}
