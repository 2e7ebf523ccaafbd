import type { FastifyInstance } from 'fastify';
import { makeAdminGuard } from './admin-auth.js';
import { renderApiReference } from './api-reference-page.js';
import type { AssistantPort } from './assistant-api.js';
import type { HostMetrics } from './metrics.js';
import { OPS_SCHEMAS } from './route-schemas.js';

/** Whether the host takes traffic: false from the start of a shutdown on. */
export interface HostLifecycle {
  draining: boolean;
}

export interface OpsRouteOptions {
  readonly assistant: AssistantPort;
  readonly lifecycle: HostLifecycle;
  readonly metrics: HostMetrics;
  /** Serve GET /metrics here (behind the admin token); false when a separate METRICS_PORT serves it. */
  readonly metricsRoute: boolean;
  readonly adminToken: string | null;
  /** The longest a readiness check waits for the store (default 2 000 ms). */
  readonly readyTimeoutMs: number;
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: string[];
  readonly checks: { storage: boolean; migrations: boolean; embedder: boolean };
}

class CheckTimeout extends Error {}

const within = <A>(ms: number, work: Promise<A>): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

const list = (names: ReadonlyArray<string>) => names.join(', ');

/**
 * Storage first (one round trip that also reads the migrations record), then the
 * embedder check. A failing store is named only as such in the answer, which anyone can
 * read; its cause (host, port, driver message) goes to the log.
 */
export const checkReadiness = async (
  assistant: AssistantPort,
  lifecycle: HostLifecycle,
  timeoutMs: number,
  log: (detail: string) => void,
): Promise<Readiness> => {
  const reasons: string[] = [];
  const checks = { storage: false, migrations: false, embedder: false };
  if (lifecycle.draining) reasons.push('the host is shutting down');
  try {
    const status = await within(timeoutMs, assistant.schemaStatus());
    checks.storage = true;
    checks.migrations = status.pending.length === 0 && status.changed.length === 0;
    if (status.pending.length > 0)
      reasons.push(`migrations not applied: ${list(status.pending)} (run web-assistant migrate)`);
    if (status.changed.length > 0) reasons.push(`migrations changed since they were applied: ${list(status.changed)}`);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    reasons.push(
      error instanceof CheckTimeout ? `storage did not answer within ${timeoutMs} ms` : 'storage is unreachable',
    );
  }
  if (checks.storage) {
    try {
      const embedder = await within(timeoutMs, assistant.checkEmbedder());
      checks.embedder = embedder.message === null;
      if (embedder.message !== null) reasons.push(embedder.message);
    } catch (error) {
      log(error instanceof Error ? error.message : String(error));
      reasons.push('the embedder check failed');
    }
  }
  return { ready: reasons.length === 0, reasons, checks };
};

/** /health, /ready, /metrics, /openapi.json and /docs: what operators and their tools read. */
export const registerOpsRoutes = (app: FastifyInstance, options: OpsRouteOptions): void => {
  // probes and scrapes come every few seconds from the platform itself, not from visitors
  const unlimited = { rateLimit: false as const };

  app.get('/health', { schema: OPS_SCHEMAS.health, config: unlimited }, () => Promise.resolve({ status: 'ok' }));

  app.get('/ready', { schema: OPS_SCHEMAS.ready, config: unlimited }, async (req, reply) => {
    const readiness = await checkReadiness(options.assistant, options.lifecycle, options.readyTimeoutMs, (detail) =>
      req.log.warn({ cause: detail }, 'readiness check: storage failed'),
    );
    if (!readiness.ready) req.log.warn({ reasons: readiness.reasons }, 'not ready');
    reply.code(readiness.ready ? 200 : 503).header('Cache-Control', 'no-store');
    return readiness;
  });

  if (options.metricsRoute) {
    app.get(
      '/metrics',
      { schema: OPS_SCHEMAS.metrics, config: unlimited, onRequest: makeAdminGuard(options.adminToken) },
      async (_req, reply) => {
        const { contentType, body } = await options.metrics.render();
        return reply.type(contentType).header('Cache-Control', 'no-store').send(body);
      },
    );
  }

  app.get('/openapi.json', { schema: OPS_SCHEMAS.openapi }, () => Promise.resolve(app.swagger()));

  let page: string | null = null;
  app.get('/docs', { schema: OPS_SCHEMAS.docs }, async (_req, reply) => {
    page ??= renderApiReference(app.swagger());
    return reply.type('text/html; charset=utf-8').send(page);
  });
};
