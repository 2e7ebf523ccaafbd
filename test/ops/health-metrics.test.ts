/**
 * GET /health, GET /ready and GET /metrics: readiness fails, with its reasons, when the
 * database is down, migrations are missing or the embedder does not match; the metrics
 * move after a chat (answers by source, request latency by route, provider calls).
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../adapters/http/index.js';
import { createPostgresStorage } from '../../adapters/postgres/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { seedSpecificationData } from '../../scripts/demo/spec-seed.js';
import { startHost, type RunningHost } from '../../src/cli/host.js';
import { answerGenerationFailed } from '../../src/domain/errors.js';
import { createAssistant, type Assistant } from '../../src/index.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { stubEmbedder } from '../support/test-doubles.js';
import { call, startChat } from '../http/http-harness.js';
import type { EventStream } from '../../adapters/http/event-stream.js';
import { logCapture } from './ops-harness.js';
import { silentLogger } from '../../adapters/system/console-logger.js';

const TOKEN = 'metrics-admin-token-0123456789';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const serve = async (
  assistant: Assistant,
  options: Parameters<typeof createHttpServer>[0] extends infer O ? Partial<O> : never = {},
) => {
  const app = await createHttpServer({ assistant, adminToken: TOKEN, rateLimit: false, ...options });
  cleanups.push(() => app.close());
  return app;
};

/** The value of one sample of the exposition text, e.g. `web_assistant_answers_total{source="faq"}`. */
const sample = (text: string, name: string): number | null => {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `)) return Number(line.slice(name.length + 1));
  }
  return null;
};

describe('GET /health and GET /ready (sql.js)', () => {
  it('/health is 200 and asks nothing of the store; /ready is 200 with every check passing', async () => {
    const assistant = await createAssistant();
    cleanups.push(() => assistant.close());
    const app = await serve(assistant);
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      ready: true,
      reasons: [],
      checks: { storage: true, migrations: true, embedder: true },
    });
    expect(ready.headers['cache-control']).toBe('no-store');
  });

  it('/ready is 503 naming the migrations not applied yet', async () => {
    const assistant = await createAssistant({ migrate: false });
    cleanups.push(() => assistant.close());
    const app = await serve(assistant);
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json<{ reasons: string[]; checks: Record<string, boolean> }>();
    expect(body.checks).toMatchObject({ storage: true, migrations: false });
    expect(body.reasons[0]).toMatch(
      /^migrations not applied: 001_initial_schema\.sql, .*\(run web-assistant migrate\)$/,
    );
  });

  it('/ready is 503 when the stored vectors come from another embedder, saying what to run', async () => {
    const storage = await createSqlJsStorage();
    const first = await createAssistant(
      {},
      { storage: { ...storage, close: async () => undefined }, embedder: stubEmbedder(1024) },
    );
    await seedSpecificationData(first);
    const second = await createAssistant({}, { storage, onEmbedderMismatch: null });
    cleanups.push(() => second.close());
    const app = await serve(second);
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json<{ reasons: string[]; checks: Record<string, boolean> }>();
    expect(body.checks).toEqual({ storage: true, migrations: true, embedder: false });
    expect(body.reasons.join(' ')).toContain('web-assistant reembed');
  });
});

describe('GET /ready when the database goes away (PostgreSQL)', () => {
  let database: PostgresTestDatabase;
  beforeAll(async () => {
    database = await startPostgresTestDatabase();
  });
  afterAll(() => database.close());

  it('is 503 "storage is unreachable" within its timeout, logs the cause, and 200 again once it is back', async () => {
    const isolated = await database.isolatedSchema();
    const target = new URL(isolated.connectionString);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const storage = await createPostgresStorage({
      ...isolated,
      connectionString: proxy.url(isolated.connectionString),
      poolSize: 1,
      connectTimeoutMs: 1_000,
    });
    const assistant = await createAssistant({}, { storage });
    cleanups.push(() => assistant.close());
    const logs = logCapture();
    const { createHostLogger } = await import('../../adapters/http/host-logger.js');
    const app = await serve(assistant, {
      logger: await createHostLogger({ destination: logs.destination }),
      readyTimeoutMs: 1_500,
    });
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);

    await proxy.goDown();
    const started = Date.now();
    const down = await app.inject({ url: '/ready' });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(down.statusCode).toBe(503);
    const body = down.json<{ ready: boolean; reasons: string[]; checks: Record<string, boolean> }>();
    expect(body.ready).toBe(false);
    expect(body.checks.storage).toBe(false);
    expect(body.reasons[0]).toMatch(/^storage (is unreachable|did not answer within 1500 ms)$/);
    // the answer names no host or port; the log has the cause
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONN/);
    expect(logs.lines().some((l) => l.msg === 'readiness check: storage failed' && typeof l.cause === 'string')).toBe(
      true,
    );
    // alive all the same: an orchestrator must not kill a process for its database's outage
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);

    await proxy.comeBack();
    let back = 0;
    for (let i = 0; i < 40 && back !== 200; i++) {
      back = (await app.inject({ url: '/ready' })).statusCode;
      if (back !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe(200);
  });

  it('the pool gauges report the PostgreSQL pool (size, in use, waiting)', async () => {
    const storage = await database.openStorage();
    const assistant = await createAssistant({}, { storage });
    cleanups.push(() => assistant.close());
    const app = await serve(assistant);
    const text = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(sample(text, 'web_assistant_storage_connections{state="max"}')).toBe(database.options.poolSize);
    expect(sample(text, 'web_assistant_storage_connections{state="waiting"}')).toBe(0);
    expect(sample(text, 'web_assistant_storage_connections{state="in_use"}')).not.toBeNull();
  });
});

describe('GET /metrics', () => {
  const failingModel = { generate: () => TE.left(answerGenerationFailed('HTTP 503 from the model')) };

  it('needs the admin token', async () => {
    const assistant = await createAssistant();
    cleanups.push(() => assistant.close());
    const app = await serve(assistant);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
  });

  it('counters move after a chat: answers by source, latency by route pattern, provider failures', async () => {
    const { createHostMetrics } = await import('../../adapters/http/metrics.js');
    const metrics = createHostMetrics();
    const assistant = await createAssistant(
      {},
      { answerGenerator: failingModel, telemetry: metrics.telemetry, logger: silentLogger },
    );
    cleanups.push(() => assistant.close());
    await seedSpecificationData(assistant);
    let waiting = 0;
    const app = await serve(assistant, { metrics, waitingChats: () => waiting });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const scrape = async () =>
      (await call(base, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body.text as string;

    const before = await scrape();
    expect(sample(before, 'web_assistant_answers_total{source="faq"}')).toBeNull();
    expect(sample(before, 'web_assistant_chats_waiting')).toBe(0);

    const chat = await startChat(base);
    const send = (message: string) =>
      call(base, 'POST', '/api/chat/message', {
        headers: chat.headers,
        body: { session_uuid: chat.sessionUuid, message },
      });
    expect((await send('Как оформить заказ?')).body.source).toBe('faq');
    expect((await send('Какие способы оплаты доступны?')).body.source).toBe('faq');
    expect((await send('почему небо синее')).body.source).toBe('handoff');
    waiting = 2;

    const after = await scrape();
    expect(sample(after, 'web_assistant_answers_total{source="faq"}')).toBe(2);
    expect(sample(after, 'web_assistant_answers_total{source="handoff"}')).toBe(1);
    expect(
      sample(
        after,
        'web_assistant_http_request_duration_seconds_count{method="POST",route="/api/chat/message",status_code="200"}',
      ),
    ).toBe(3);
    // the route pattern, never the raw URL with its ids
    expect(after).toContain('route="/api/chat/start"');
    expect(after).not.toContain(chat.sessionUuid);
    expect(sample(after, 'web_assistant_provider_failures_total{provider="answer-generator"}')).toBe(1);
    expect(
      sample(after, 'web_assistant_provider_call_duration_seconds_count{provider="answer-generator",outcome="failed"}'),
    ).toBe(1);
    expect(
      sample(after, 'web_assistant_provider_call_duration_seconds_count{provider="embedder",outcome="ok"}'),
    ).toBeGreaterThan(0);
    expect(sample(after, 'web_assistant_chats_waiting')).toBe(2);
    // sql.js has no pool: no samples rather than made-up ones
    expect(after).not.toContain('web_assistant_storage_connections{');
  });

  it('counts the open event streams of the server\u2019s registry', async () => {
    const assistant = await createAssistant();
    cleanups.push(() => assistant.close());
    const app = await serve(assistant);
    const listeners: Array<() => void> = [];
    let closed = false;
    const stream: EventStream = {
      send: () => !closed,
      close: () => {
        closed = true;
        for (const l of listeners) l();
      },
      closed: () => closed,
      onClose: (l) => void listeners.push(l),
    };
    app.eventStreams.add(stream);
    const scrape = async () =>
      (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(sample(await scrape(), 'web_assistant_event_streams_open')).toBe(1);
    stream.close();
    expect(sample(await scrape(), 'web_assistant_event_streams_open')).toBe(0);
  });
});

describe('METRICS_PORT', () => {
  let host: RunningHost | null = null;
  afterEach(async () => {
    await host?.stop('done');
    host = null;
  });

  it('serves /metrics on its own port without a token, and not on the main one', async () => {
    host = await startHost({
      env: { METRICS_PORT: '0', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' },
      demo: true,
      port: 0,
      out: () => undefined,
    });
    expect(host.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(host.metricsUrl ?? '');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('web_assistant_http_request_duration_seconds');
    // process metrics come with the host
    expect(text).toContain('web_assistant_process_resident_memory_bytes');
    expect((await call(host.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      404,
    );
  });
});
