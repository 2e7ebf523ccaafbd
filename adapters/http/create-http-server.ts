import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin-routes.js';
import { acceptingRequestData, type HostedAssistant } from './assistant-api.js';
import { registerChatRoutes } from './chat-routes.js';
import { errorResponse } from './error-response.js';
import { createEventStreamRegistry, type EventStreamRegistry } from './event-stream.js';
import { registerFaqRoutes } from './faq-routes.js';
import { ipKey, type HostContext, type RouteLimits } from './host-context.js';
import { REQUEST_ID_HEADER, registerRequestScope, requestIdOf } from './host-logger.js';
import { registerJsonBodyParser } from './json-body.js';
import { createHostMetrics, type HostMetrics } from './metrics.js';
import { registerOpsRoutes, type HostLifecycle } from './ops-routes.js';
import { SHARED_SCHEMAS } from './route-schemas.js';
import { packageVersion, registerStaticAssets } from './static-assets.js';
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
  /**
   * Where the counts are kept: in this process (the default), or in a store every host
   * shares, so a limit holds across them: `createPostgresRateLimitStore(...).store`.
   */
  readonly store?: FastifyRateLimitStoreCtor;
  /** An ioredis client: counts kept in Redis (@fastify/rate-limit's own Redis store); `store` wins over it. */
  readonly redis?: unknown;
  /** Prefix of the Redis keys (default `web-assistant-rl-`): hosts of one site share it, other sites on that Redis do not. */
  readonly redisKeyPrefix?: string;
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
  /** A pino logger (the host's; src/cli/host.ts), true for Fastify's default one, false or absent for none. */
  readonly logger?: boolean | FastifyBaseLogger;
  /**
   * The metrics registry, created beforehand when the assistant's provider telemetry
   * should land in it (`createHostMetrics()`, then `createAssistant(..., { telemetry:
   * metrics.telemetry })`); a fresh one otherwise.
   */
  readonly metrics?: HostMetrics;
  /** Serve GET /metrics behind the admin token (default true); false when another listener serves it. */
  readonly metricsRoute?: boolean;
  /**
   * Chats waiting for an operator, for the `web_assistant_chats_waiting` gauge: the
   * conversation state is the storage's, so the host is told how to count it.
   */
  readonly waitingChats?: () => number | Promise<number>;
  /**
   * Aborted at the shutdown deadline (closeGracefully's `onDeadline`): handed to the routes
   * as `HostContext.shutdownSignal`, so work they start (a provider call) can be cancelled.
   */
  readonly shutdownSignal?: AbortSignal;
  /** The `retry` hint event streams get when the host shuts down (default 3 000 ms). */
  readonly streamRetryMs?: number;
  /** The longest GET /ready waits for the store (default 2 000 ms). */
  readonly readyTimeoutMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every open event stream of this server: counted by the metrics, closed with a retry hint at shutdown. */
    readonly eventStreams: EventStreamRegistry;
    /** This server's Prometheus metrics. */
    readonly hostMetrics: HostMetrics;
  }
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_BULK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The reference host: the JSON API over the assistant facade, the embeddable widget and
 * a demo shop page. Returns a ready (not yet listening) Fastify instance.
 */
export const createHttpServer = async (options: HttpServerOptions): Promise<FastifyInstance> => {
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    genReqId: requestIdOf,
  });
  const assistant = acceptingRequestData(options.assistant);
  const metrics = options.metrics ?? createHostMetrics();
  const eventStreams = createEventStreamRegistry();
  const lifecycle: HostLifecycle = { draining: false };
  app.decorate('eventStreams', eventStreams);
  app.decorate('hostMetrics', metrics);
  metrics.sources.openEventStreams = eventStreams.open;
  metrics.sources.storageConnections = () => assistant.storageConnections();
  if (options.waitingChats) metrics.sources.waitingChats = options.waitingChats;
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
  // route schemas describe inputs for the OpenAPI document; the facade validates them (ADR 0017)
  app.setValidatorCompiler(() => () => true);
  registerRequestScope(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  // a keep-alive connection left open after its last answer would hold the close up until the deadline
  app.addHook('onSend', async (_req, reply) => {
    if (lifecycle.draining) reply.header('Connection', 'close');
  });
  // new requests are refused from here on; open streams are told to come back (to another host)
  app.addHook('preClose', (done) => {
    lifecycle.draining = true;
    eventStreams.closeAll(options.streamRetryMs ?? 3_000);
    done();
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'web-assistant reference host',
        version: packageVersion(),
        description:
          'The chat API, the admin API and the operations endpoints of the reference host (docs/http-api.md). ' +
          'Bodies and answers use snake_case; every error is `{"error": {"code", "message", "path"?}}`.',
      },
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
          visitorToken: { type: 'apiKey', in: 'header', name: 'X-Visitor-Token' },
          visitorCookie: { type: 'apiKey', in: 'cookie', name: 'visitor_token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
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
      ...(rl.store
        ? { store: rl.store }
        : rl.redis
          ? { redis: rl.redis, nameSpace: rl.redisKeyPrefix ?? 'web-assistant-rl-' }
          : {}),
      // a shared store that fails lets requests through (and its store logs why): the site stays up
      skipOnError: rl.store !== undefined || rl.redis !== undefined,
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
    eventStreams,
    metrics,
    shutdownSignal: options.shutdownSignal ?? new AbortController().signal,
  };

  registerChatRoutes(app, ctx);
  registerFaqRoutes(app, ctx);
  registerWidgetRoutes(app, ctx);
  registerAdminRoutes(app, ctx, {
    adminToken: options.adminToken ?? null,
    bulkBodyLimit: options.bulkBodyLimit ?? DEFAULT_BULK_BODY_LIMIT,
  });
  registerOpsRoutes(app, {
    assistant,
    lifecycle,
    metrics,
    metricsRoute: options.metricsRoute ?? true,
    adminToken: options.adminToken ?? null,
    readyTimeoutMs: options.readyTimeoutMs ?? 2_000,
  });
  await registerStaticAssets(app);
  await app.ready();
  return app;
};
