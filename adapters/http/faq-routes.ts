import type { FastifyInstance } from 'fastify';
import { intParam } from './case-mapping.js';
import type { HostContext } from './host-context.js';
import { withPathAliases } from './path-aliases.js';
import { FAQ_SCHEMAS } from './route-schemas.js';

const queryOf = (q: unknown): Record<string, unknown> =>
  typeof q === 'object' && q !== null ? (q as Record<string, unknown>) : {};
const paramsOf = (p: unknown): Record<string, unknown> =>
  typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {};

/** Public FAQ search and the "this answer helped" counter. */
export const registerFaqRoutes = (app: FastifyInstance, ctx: HostContext): void => {
  app.get('/api/faq/search', { schema: FAQ_SCHEMAS.search }, async (req) => {
    const q = queryOf(req.query);
    const result = await withPathAliases({ query: 'q' }, () =>
      ctx.assistant.searchFaq({ query: q.q, category: q.category || undefined, limit: intParam(q.limit) }),
    );
    return {
      mode: result.mode,
      results: result.hits.map((h) => ({
        id: h.entry.id,
        question: h.entry.question,
        answer: h.entry.answer,
        category: h.entry.category,
        confidence: h.confidence,
      })),
    };
  });

  // only visitors may vote, once per entry each (a repeated vote is accepted and counts nothing),
  // which keeps a script with one token from inflating a count
  app.post('/api/faq/:id/helpful', { schema: FAQ_SCHEMAS.helpful }, async (req) => {
    const visitorUuid = ctx.access.requireVisitor(req);
    await ctx.assistant.markAnswerHelpful({ id: intParam(paramsOf(req.params).id), visitorUuid });
    return { ok: true };
  });
};
