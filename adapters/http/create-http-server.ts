import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin-routes.js';
import { acceptingRequestData, type HostedAssistant } from './assistant-api.js';
import { registerChatRoutes } from './chat-routes.js';
import { errorResponse } from './error-response.js';
import { registerFaqRoutes } from './faq-routes.js';
import { ipKey, type HostContext, type RouteLimits } from './host-context.js';
import { registerJsonBodyParser } from './json-body.js';
import { registerStaticAssets } from './static-assets.js';
import { makeVisitorAccess } from './visitor-access.js';
import { makeVisitorTokens } from './visitor-token.js';
import { registerWidgetRoutes } from './widget-routes.js';

export interface RateLimitOptions {
  /** Length of a rate-limit window (default 60 000 ms). */
  readonly timeWindowMs?: number;
  /** Requests per window per IP on any route (default 600). */
  readonly global?: number;
  /** Chat messages per window per visitor, or per IP without a visitor token (default 30). */
  readonly message?: number;
  /** Chat messages per window per IP, across all its visitors (default 120). */
  readonly messagePerIp?: number;
  /** New chats per window per IP (default 20). */
  readonly start?: number;
  /** Registration attempts per window per visitor (default 3). */
  readonly register?: number;
  /** Registration attempts per window per IP, across all its visitors (default 10). */
  readonly registerPerIp?: number;
}

export interface HttpServerOptions {
  /** The assistant the routes run on: an `Assistant` from createAssistant. */
  readonly assistant: HostedAssistant;
  /** Bearer token for /api/admin/*; null or absent turns the admin API off (403). */
  readonly adminToken?: string | null;
  /** Secret for `user_hash` on /api/chat/register; null or absent skips identity verification. */
  readonly identitySecret?: string | null;
  /** HMAC key of visitor tokens; absent means a random key per process. */
  readonly visitorTokenSecret?: string;
  /** Origins allowed to call the API from a browser (exact `scheme://host[:port]`). */
  readonly corsOrigins?: ReadonlyArray<string>;
  /** `false` turns rate limiting off. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Largest JSON body in bytes (default 64 KB); bulk import allows `bulkBodyLimit` (default 5 MB). */
  readonly bodyLimit?: number;
  readonly bulkBodyLimit?: number;
  /** Clock for business hours (tests force "closed" with it). */
  readonly clock?: () => Date;
  /** Trust X-Forwarded-For from a reverse proxy (default false). */
  readonly trustProxy?: boolean;
  readonly logger?: boolean;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_BULK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The reference host: the JSON API over the assistant facade, the embeddable widget and
 * a demo shop page. Returns a ready (not yet listening) Fastify instance.
 */
export const createHttpServer = async (options: HttpServerOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
  });
  const assistant = acceptingRequestData(options.assistant);
  const tokens = makeVisitorTokens(options.visitorTokenSecret);
  const access = makeVisitorAccess(assistant, tokens);
  const rl = options.rateLimit === false ? null : (options.rateLimit ?? {});
  const timeWindowMs = rl?.timeWindowMs ?? 60_000;

  app.setErrorHandler((error, req, reply) => {
    const { status, body, internal } = errorResponse(error);
    if (internal) req.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  registerJsonBodyParser(app);
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ error: { code: 'NotFound', message: 'no such endpoint' } }),
  );

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // the demo runs on plain http on loopback; HSTS there would only confuse a developer's browser
    strictTransportSecurity: false,
  });
  const allowed = new Set(options.corsOrigins ?? []);
  await app.register(cors, {
    // same-origin calls need no CORS headers; other origins only when listed
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Visitor-Token', 'Authorization'],
    maxAge: 600,
  });
  if (rl) {
    await app.register(rateLimit, {
      global: true,
      max: rl.global ?? 600,
      timeWindow: timeWindowMs,
      hook: 'onRequest',
      keyGenerator: ipKey,
      errorResponseBuilder: (_req, context) => ({
        statusCode: context.statusCode,
        code: 'RateLimited',
        message: `too many requests, retry in ${context.after}`,
      }),
    });
  }

  const perIpBudget = (max: number, prefix: string) =>
    app.createRateLimit({ max, timeWindow: timeWindowMs, keyGenerator: (req) => `${prefix}-${ipKey(req)}` });
  const limits: RouteLimits | null = rl
    ? {
        timeWindowMs,
        message: rl.message ?? 30,
        start: rl.start ?? 20,
        register: rl.register ?? 3,
        messageIpCheck: perIpBudget(rl.messagePerIp ?? 120, 'msg'),
        registerIpCheck: perIpBudget(rl.registerPerIp ?? 10, 'register'),
      }
    : null;
  const ctx: HostContext = {
    assistant,
    access,
    clock: options.clock ?? (() => new Date()),
    identitySecret: options.identitySecret ?? null,
    limits,
  };

  registerChatRoutes(app, ctx);
  registerFaqRoutes(app, ctx);
  registerWidgetRoutes(app, ctx);
  registerAdminRoutes(app, ctx, {
    adminToken: options.adminToken ?? null,
    bulkBodyLimit: options.bulkBodyLimit ?? DEFAULT_BULK_BODY_LIMIT,
  });
  await registerStaticAssets(app);
  await app.ready();
  return app;
};
