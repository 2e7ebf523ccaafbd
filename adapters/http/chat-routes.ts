import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyObject } from './case-mapping.js';
import { ipBudgetHook, ipKey, routeLimit, type HostContext } from './host-context.js';
import { HttpProblem } from './http-problem.js';
import { identityVerified } from './identity-verification.js';
import { messageView, publicSessionView } from './json-views.js';
import { CHAT_SCHEMAS } from './route-schemas.js';
import { describeUserAgent } from './user-agent.js';

const EXPORT_TYPES: Record<string, string> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const queryOf = (q: unknown): Record<string, unknown> =>
  typeof q === 'object' && q !== null ? (q as Record<string, unknown>) : {};

/** The visitor-facing chat endpoints: every one but start works only on the caller's own sessions. */
export const registerChatRoutes = (app: FastifyInstance, ctx: HostContext): void => {
  const { assistant, access } = ctx;

  app.post(
    '/api/chat/start',
    { schema: CHAT_SCHEMAS.start, config: routeLimit(ctx.limits, 'start') },
    async (req, reply) => {
      const body = bodyObject(req.body);
      // only a visitor proven by a token is continued; an unproven visitor_id starts a new visitor,
      // since a UUID seen elsewhere (logs, admin screens) must not open someone's chats
      const proven = access.visitorOf(req);
      const userAgent = req.headers['user-agent'];
      const { deviceType, browser } = describeUserAgent(userAgent);
      const started = await assistant.startChat({
        visitorId: proven ?? undefined,
        ipAddress: req.ip.slice(0, 50),
        userAgent: userAgent ? userAgent.slice(0, 500) : null,
        deviceType,
        browser,
        pageUrl: body.pageUrl ?? null,
        widgetProfile: body.widgetProfile,
        title: body.title,
      });
      access.remember(started.visitor.visitorId, started.visitor.id);
      const token = access.issue(req, reply, started.visitor.visitorId);
      return {
        session_uuid: started.sessionUuid,
        welcome_message: started.welcomeMessage,
        visitor_id: started.visitor.visitorId,
        visitor_token: token,
        created_at: started.session.createdAt,
      };
    },
  );

  // a visitor behind a shared IP (office, mobile carrier) gets their own budget, and the IP a larger one
  const visitorKey = (req: FastifyRequest) => {
    const visitor = access.visitorOf(req);
    return visitor ? `v:${visitor}` : ipKey(req);
  };
  app.post(
    '/api/chat/message',
    {
      schema: CHAT_SCHEMAS.message,
      config: routeLimit(ctx.limits, 'message', visitorKey),
      onRequest: ipBudgetHook(ctx.limits?.messageIpCheck ?? null, 'messages'),
    },
    async (req) => {
      const body = bodyObject(req.body);
      const session = await access.requireOwnSession(req, body.sessionUuid);
      const reply = await assistant.processMessage({
        sessionUuid: session.sessionUuid,
        message: body.message,
        clientMessageId: body.clientMessageId,
      });
      ctx.metrics.answered(reply.source ?? 'none');
      return {
        answer: reply.answer,
        confidence: reply.confidence,
        source: reply.source,
        knowledge_id: reply.knowledgeId,
        message_id: reply.assistantMessage?.id ?? null,
        timestamp: reply.assistantMessage?.timestamp ?? reply.userMessage.timestamp,
      };
    },
  );

  app.post('/api/chat/end', { schema: CHAT_SCHEMAS.end }, async (req) => {
    const body = bodyObject(req.body);
    const session = await access.requireOwnSession(req, body.sessionUuid);
    const ended = await assistant.endChat({ sessionUuid: session.sessionUuid, rating: body.rating ?? null });
    return {
      session_uuid: ended.session.sessionUuid,
      total_messages: ended.totalMessages,
      user_messages: ended.userMessagesCount,
      rating: ended.rating,
      duration_seconds: ended.durationSeconds,
      ended_at: ended.session.endedAt,
    };
  });

  app.get('/api/chat/history', { schema: CHAT_SCHEMAS.history }, async (req) => {
    const query = queryOf(req.query);
    const session = await access.requireOwnSession(req, query.session_uuid);
    const messages = await assistant.getSessionMessages({ sessionUuid: session.sessionUuid });
    return { session: publicSessionView(session), messages: messages.map(messageView) };
  });

  app.get('/api/chat/export', { schema: CHAT_SCHEMAS.export }, async (req, reply) => {
    const query = queryOf(req.query);
    const session = await access.requireOwnSession(req, query.session_uuid);
    const format = query.format ?? 'text';
    const exported = await assistant.exportChatHistory({ sessionUuid: session.sessionUuid, format });
    const type = typeof format === 'string' ? EXPORT_TYPES[format] : undefined;
    reply.type(type ?? 'text/plain; charset=utf-8');
    // the HTML export is escaped already; a sandbox keeps it inert even if that ever regressed
    if (format === 'html')
      reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return exported;
  });

  // without identity verification a 409 DuplicateEmail tells whether an address is registered:
  // bounded per visitor and, since tokens are cheap, per IP (docs/http-api.md, "Registration")
  const registerLimits = {
    schema: CHAT_SCHEMAS.register,
    config: routeLimit(ctx.limits, 'register', visitorKey),
    onRequest: ipBudgetHook(ctx.limits?.registerIpCheck ?? null, 'registration attempts'),
  };
  app.post('/api/chat/register', registerLimits, async (req, reply) => {
    const visitorUuid = access.requireVisitor(req);
    const body = bodyObject(req.body);
    if (
      ctx.identitySecret !== null &&
      !identityVerified(ctx.identitySecret, body.userHash, { username: body.username, email: body.email })
    ) {
      throw new HttpProblem(
        401,
        'IdentityNotVerified',
        'user_hash does not match the username and e-mail',
        'user_hash',
      );
    }
    const converted = await assistant.convertVisitorToUser({
      visitorUuid,
      username: body.username,
      email: body.email,
      phone: body.phone,
    });
    reply.code(201);
    return {
      user_id: converted.user.id,
      username: converted.user.username,
      email: converted.user.email,
      moved_sessions: converted.movedSessions,
    };
  });
};
