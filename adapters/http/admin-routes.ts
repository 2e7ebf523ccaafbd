import type { FastifyInstance } from 'fastify';
import { boolParam, bodyObject, intParam } from './case-mapping.js';
import { makeAdminGuard } from './admin-auth.js';
import type { HostContext } from './host-context.js';
import { HttpProblem } from './http-problem.js';
import { ADMIN_SCHEMAS } from './route-schemas.js';
import { adminSessionView, adminWidgetView, contextView, knowledgeView, statsView } from './json-views.js';

const recordOf = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** Admin API: FAQ, widget profiles, agent context and analytics, behind the admin token. */
export const registerAdminRoutes = (
  app: FastifyInstance,
  ctx: HostContext,
  options: { adminToken: string | null; bulkBodyLimit: number },
): void => {
  const { assistant } = ctx;
  app.register((admin, _options, done) => {
    admin.addHook('onRequest', makeAdminGuard(options.adminToken));

    admin.get('/api/admin/faq', { schema: ADMIN_SCHEMAS.listFaq }, async (req) => {
      const q = recordOf(req.query);
      const entries = await assistant.listKnowledge({
        limit: intParam(q.limit),
        offset: intParam(q.offset),
        includeInactive: boolParam(q.include_inactive),
      });
      return { entries: entries.map(knowledgeView) };
    });

    admin.post('/api/admin/faq', { schema: ADMIN_SCHEMAS.addFaq }, async (req, reply) => {
      const entry = await assistant.addKnowledge(bodyObject(req.body));
      reply.code(201);
      return knowledgeView(entry);
    });

    admin.post(
      '/api/admin/faq/bulk',
      { schema: ADMIN_SCHEMAS.bulkFaq, bodyLimit: options.bulkBodyLimit },
      async (req, reply) => {
        const body = bodyObject(req.body);
        const entries = await assistant.addKnowledgeBulk({ entries: body.entries, autoEmbed: body.autoEmbed });
        reply.code(201);
        return { count: entries.length, entries: entries.map(knowledgeView) };
      },
    );

    admin.get('/api/admin/faq/stats', { schema: ADMIN_SCHEMAS.faqStats }, async () => {
      const stats = await assistant.faqCategoryStats();
      return { categories: stats.map((s) => ({ category: s.category, count: s.count })) };
    });

    // what visitors asked that the FAQ could not answer, most asked first: the entries to write next
    admin.get('/api/admin/faq/unanswered', { schema: ADMIN_SCHEMAS.unanswered }, async (req) => {
      const q = recordOf(req.query);
      const questions = await assistant.listUnansweredQuestions({
        limit: intParam(q.limit),
        offset: intParam(q.offset),
      });
      return {
        questions: questions.map((u) => ({
          text: u.normalizedText,
          example: u.exampleText,
          count: u.count,
          first_seen: u.firstSeen,
          last_seen: u.lastSeen,
        })),
      };
    });

    admin.patch('/api/admin/faq/:id', { schema: ADMIN_SCHEMAS.updateFaq }, async (req) => {
      const entry = await assistant.updateKnowledge({ ...bodyObject(req.body), id: intParam(recordOf(req.params).id) });
      return knowledgeView(entry);
    });

    // deleting keeps the row (sessions' messages point at it) and only takes it out of search
    admin.delete('/api/admin/faq/:id', { schema: ADMIN_SCHEMAS.deactivateFaq }, async (req) => {
      const entry = await assistant.deactivateKnowledge({ id: intParam(recordOf(req.params).id) });
      return knowledgeView(entry);
    });

    admin.get('/api/admin/widget', { schema: ADMIN_SCHEMAS.listWidgets }, async () => {
      const profiles = await assistant.listWidgetProfiles();
      return { profiles: profiles.map(adminWidgetView) };
    });

    admin.get('/api/admin/widget/:name', { schema: ADMIN_SCHEMAS.getWidget }, async (req) => {
      const profile = await assistant.getWidgetSettings({ name: recordOf(req.params).name });
      if (!profile) throw new HttpProblem(404, 'WidgetProfileNotFound', 'widget profile not found');
      return adminWidgetView(profile);
    });

    admin.put('/api/admin/widget/:name', { schema: ADMIN_SCHEMAS.putWidget }, async (req) => {
      const profile = await assistant.updateWidgetSettings({
        ...bodyObject(req.body),
        name: recordOf(req.params).name,
      });
      return adminWidgetView(profile);
    });

    admin.get('/api/admin/context', { schema: ADMIN_SCHEMAS.listContext }, async (req) => {
      const entries = await assistant.listContext({ category: recordOf(req.query).category || undefined });
      return { entries: entries.map(contextView) };
    });

    admin.get('/api/admin/context/:key', { schema: ADMIN_SCHEMAS.getContext }, async (req) => {
      const entry = await assistant.getContextEntry({ key: recordOf(req.params).key });
      if (!entry) throw new HttpProblem(404, 'ContextKeyNotFound', 'context key not set');
      return contextView(entry);
    });

    admin.put('/api/admin/context/:key', { schema: ADMIN_SCHEMAS.putContext }, async (req) => {
      const body = bodyObject(req.body);
      const entry = await assistant.setContext({
        key: recordOf(req.params).key,
        value: body.value,
        category: body.category,
      });
      return contextView(entry);
    });

    admin.get('/api/admin/sessions/active', { schema: ADMIN_SCHEMAS.activeSessions }, async (req) => {
      const q = recordOf(req.query);
      const sessions = await assistant.listActiveSessions({ limit: intParam(q.limit), offset: intParam(q.offset) });
      return { sessions: sessions.map(adminSessionView) };
    });

    admin.get('/api/admin/sessions/:uuid/analytics', { schema: ADMIN_SCHEMAS.sessionAnalytics }, async (req) => {
      const sessionUuid = recordOf(req.params).uuid;
      const session = await assistant.findSession({ sessionUuid });
      if (!session) throw new HttpProblem(404, 'SessionNotFound', 'session not found');
      const stats = await assistant.sessionAnalytics({ sessionUuid: session.sessionUuid });
      return { session: adminSessionView(session), ...statsView(stats) };
    });
    done();
  });
};
