/**
 * The reference host (JSON API, widget, demo shop page) started from environment
 * variables: the one implementation behind `web-assistant serve` and `npm start`
 * (scripts/serve.ts).
 *
 * Environment (docs/configuration.md, "Reference host"): PORT (3000), HOST (127.0.0.1),
 * ADMIN_TOKEN (random and printed when unset), IDENTITY_SECRET, VISITOR_TOKEN_SECRET,
 * CORS_ORIGINS, TRUST_PROXY, NODE_ENV=production (refuses per-process secrets),
 * LOG_LEVEL, LOG_FORMAT, METRICS_PORT, SHUTDOWN_TIMEOUT_MS, RATE_LIMIT*, plus the storage,
 * embedder and AI variables of the library.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type pg from 'pg';
import { closeGracefully } from '../../adapters/http/graceful-shutdown.js';
import { createHostLogger, libraryLogger } from '../../adapters/http/host-logger.js';
import { createHttpServer, type RateLimitOptions } from '../../adapters/http/index.js';
import { createHostMetrics, type HostMetrics } from '../../adapters/http/metrics.js';
import { createPostgresRateLimitStore, type PostgresRateLimitStore } from '../../adapters/http/rate-limit-stores.js';
import { seedSpecificationData } from '../../scripts/demo/spec-seed.js';
import type { Assistant } from '../composition/assistant-facade.js';
import { configFromEnv } from '../composition/config.js';
import { createAssistantFromEnv, type AssistantOverrides } from '../composition/create-assistant.js';
import { openHostPool, withAdvisoryLock } from './host-database.js';
import { hostSettingsFromEnv, portFromEnv, type HostSettings } from './host-settings.js';

export interface HostOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Load the specification's demo FAQ, widget profiles and agent context into an empty store. */
  readonly demo: boolean;
  /** Instead of PORT; 0 takes any free port (the address is printed). */
  readonly port?: number;
  /** Instead of HOST. */
  readonly host?: string;
  /** Where the start-up lines go (stdout). */
  readonly out: (line: string) => void;
  /** Adapters instead of those the environment selects (tests: a slow or failing AI model). */
  readonly overrides?: AssistantOverrides;
  /** Where log lines go (stdout by default); its `isTTY` picks the readable format. */
  readonly logDestination?: { write(line: string): unknown; readonly isTTY?: boolean };
}

export interface RunningHost {
  /** Where it listens, without a trailing slash: `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The metrics listener's URL when METRICS_PORT is set, else null. */
  readonly metricsUrl: string | null;
  readonly storageKind: string;
  /**
   * Stops within SHUTDOWN_TIMEOUT_MS: no new connections, requests in flight finish (provider
   * calls are cancelled just before the deadline), event streams are told to reconnect, then
   * the store is closed (a sql.js file is written out). A second call does nothing more.
   */
  stop(reason: string): Promise<void>;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** A TCP port number from PORT or `--port`; empty means the default. */
export const portFrom = (raw: string | undefined, name = 'PORT'): number => portFromEnv(raw, name) ?? DEFAULT_PORT;

const urlOf = (host: string, app: FastifyInstance, fallbackPort: number): string => {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : fallbackPort;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
};

/** The PostgreSQL the environment names, for the host's own pool; null for sql.js. */
const postgresOf = (env: HostOptions['env']): { url: string; schema?: string } | null => {
  const config = configFromEnv(env);
  if (config._tag === 'Left' || config.right.storage?.kind !== 'postgres') return null;
  const { url, schema } = config.right.storage;
  return { url, ...(schema ? { schema } : {}) };
};

interface Resources {
  hostPool: pg.Pool | null;
  rateLimitStore: PostgresRateLimitStore | null;
  redis: { quit(): Promise<unknown> } | null;
}

/** The rate-limit options the settings ask for, with the shared store they name. */
const rateLimitOptions = async (
  settings: HostSettings,
  resources: Resources,
  warn: (fields: Record<string, unknown>, message: string) => void,
): Promise<RateLimitOptions | false> => {
  if (settings.rateLimit === false) return false;
  const { store, ...limits } = settings.rateLimit;
  if (store === 'postgres' && resources.hostPool) {
    resources.rateLimitStore = createPostgresRateLimitStore({
      pool: resources.hostPool,
      onError: (error) => warn({ err: error }, 'rate-limit store failed; the request was let through'),
    });
    return { ...limits, store: resources.rateLimitStore.store };
  }
  if (store === 'redis' && settings.redisUrl) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(settings.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    redis.on('error', (error: unknown) => warn({ err: error }, 'Redis (rate limits) failed'));
    await redis.connect();
    resources.redis = redis;
    return { ...limits, redis };
  }
  return limits;
};

/** GET /metrics without a token, on a listener of its own (bind it where only the scraper reaches). */
const startMetricsListener = async (metrics: HostMetrics, host: string, port: number): Promise<FastifyInstance> => {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).header('Cache-Control', 'no-store').send(body);
  });
  await app.listen({ port, host });
  return app;
};

/** Opens the store, seeds it when asked, and listens; the server is up when this resolves. */
export const startHost = async (options: HostOptions): Promise<RunningHost> => {
  const { env, out } = options;
  const postgres = postgresOf(env);
  const destination = options.logDestination ?? process.stdout;
  // every setting is checked before anything is opened
  const settings = hostSettingsFromEnv(env, { postgres: postgres !== null, tty: destination.isTTY === true });
  const port = options.port ?? portFrom(env.PORT);
  const host = options.host ?? (env.HOST?.trim() || DEFAULT_HOST);
  const generatedAdminToken = settings.adminToken === null;
  const adminToken = settings.adminToken ?? randomBytes(24).toString('base64url');

  const logger = await createHostLogger({
    level: settings.logLevel,
    format: settings.logFormat,
    ...(options.logDestination ? { destination: { write: (line: string) => destination.write(line) } } : {}),
  });
  const metrics = createHostMetrics({ processMetrics: true });
  // aborted just before the shutdown deadline: every provider call still running is cancelled
  const providerStop = new AbortController();
  const assistant: Assistant = await createAssistantFromEnv(env, {
    ...options.overrides,
    logger: libraryLogger(logger),
    onEmbedderMismatch: (message) => logger.warn({ check: 'embedder' }, message),
    telemetry: metrics.telemetry,
    providerStopSignal: providerStop.signal,
  });

  const resources: Resources = { hostPool: null, rateLimitStore: null, redis: null };
  let server: FastifyInstance | null = null;
  let metricsServer: FastifyInstance | null = null;
  const releaseAll = async () => {
    resources.rateLimitStore?.close();
    await resources.redis?.quit().catch(() => undefined);
    await resources.hostPool?.end().catch(() => undefined);
    await metricsServer?.close();
    await assistant.close();
  };
  let stopping: Promise<void> | null = null;
  try {
    if (postgres)
      resources.hostPool = openHostPool({
        connectionString: postgres.url,
        ...(postgres.schema ? { schema: postgres.schema } : {}),
      });
    const pool = resources.hostPool;
    const seeded =
      options.demo &&
      (
        await seedSpecificationData(
          assistant,
          pool ? { exclusive: (work) => withAdvisoryLock(pool, 'web-assistant demo seed', work) } : {},
        )
      ).seeded;
    const emptyFaq = (await assistant.listKnowledge({ limit: 1, includeInactive: true })).length === 0;
    const noDefaultProfile = (await assistant.getWidgetSettings({ name: 'default' })) === null;
    const rateLimit = await rateLimitOptions(settings, resources, (fields, message) => logger.warn(fields, message));
    server = await createHttpServer({
      assistant,
      adminToken,
      identitySecret: settings.identitySecret,
      ...(settings.visitorTokenSecret ? { visitorTokenSecret: settings.visitorTokenSecret } : {}),
      corsOrigins: settings.corsOrigins,
      trustProxy: settings.trustProxy,
      rateLimit,
      logger,
      metrics,
      metricsRoute: settings.metricsPort === null,
      shutdownSignal: providerStop.signal,
    });
    await server.listen({ port, host });
    if (settings.metricsPort !== null) metricsServer = await startMetricsListener(metrics, host, settings.metricsPort);
    const url = urlOf(host, server, port);
    const metricsUrl = metricsServer ? `${urlOf(host, metricsServer, settings.metricsPort ?? 0)}/metrics` : null;

    out(
      `web-assistant: ${assistant.storageKind} storage${seeded ? ", seeded with the specification's FAQ and the default, sales and support profiles" : ''}`,
    );
    if (assistant.storageKind === 'sqljs' && !env.DATABASE_URL?.trim())
      out('web-assistant: data is kept in memory and lost on exit (set DATABASE_URL to keep it)');
    if (emptyFaq)
      out(
        'web-assistant: the FAQ is empty: add entries with `web-assistant import-faq FILE` or the admin API, or start with --demo',
      );
    if (noDefaultProfile)
      out(
        "web-assistant: no widget profile 'default': create it with PUT /api/admin/widget/default (docs/http-api.md), or start with --demo",
      );
    out(
      `web-assistant: admin API token${generatedAdminToken ? ' (generated, set ADMIN_TOKEN to choose one)' : ''}: ${generatedAdminToken ? adminToken : '(from ADMIN_TOKEN)'}`,
    );
    if (!settings.visitorTokenSecret)
      out(
        'web-assistant: visitor tokens use a per-process key (set VISITOR_TOKEN_SECRET to keep chats across restarts)',
      );
    if (settings.rateLimit !== false)
      out(
        `web-assistant: rate limits counted in ${settings.rateLimit.store === 'memory' ? 'this process' : settings.rateLimit.store}`,
      );
    if (metricsUrl) out(`web-assistant: metrics at ${metricsUrl}`);
    out(`Open ${url}/ to chat`);

    const running = server;
    return {
      url,
      metricsUrl,
      storageKind: assistant.storageKind,
      stop: (reason) => {
        stopping ??= (async () => {
          out(`${reason}: stopping`);
          try {
            const report = await closeGracefully(running, {
              deadlineMs: settings.shutdownTimeoutMs,
              onDeadline: () => providerStop.abort(new Error('the host is shutting down')),
            });
            logger.info({ reason, ...report }, 'server closed');
          } finally {
            await releaseAll();
            logger.flush();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await server?.close();
    await releaseAll();
    throw e;
  }
};

/**
 * Resolves once `stop` aborts, or SIGINT or SIGTERM arrives, and the host has stopped;
 * the signal handlers are removed again.
 */
export const serveUntilStopped = (host: RunningHost, stop?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const onSignal = (reason: string) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      stop?.removeEventListener('abort', onAbort);
      host.stop(reason).then(resolve, reject);
    };
    const onSigint = () => onSignal('SIGINT');
    const onSigterm = () => onSignal('SIGTERM');
    const onAbort = () => onSignal('stopped');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    if (stop?.aborted) onAbort();
    else stop?.addEventListener('abort', onAbort, { once: true });
  });
