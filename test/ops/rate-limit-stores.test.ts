/**
 * The shared rate-limit stores: PostgreSQL (one upsert per request, windows on the
 * server's clock, one counter per route) and Redis (@fastify/rate-limit's own store),
 * each shared by two servers so a limit holds across them.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type RateLimitOptions } from '../../adapters/http/index.js';
import { createPostgresRateLimitStore } from '../../adapters/http/rate-limit-stores.js';
import { openHostPool } from '../../src/cli/host-database.js';
import { createAssistant, type Assistant } from '../../src/index.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { runServerTests } from '../support/server-requirement.js';

/** Two servers on one assistant with the same shared store; each start is answered by one of them in turn. */
const twoServers = async (assistant: Assistant, rateLimit: RateLimitOptions): Promise<FastifyInstance[]> =>
  Promise.all([0, 1].map(() => createHttpServer({ assistant, rateLimit: { start: 3, ...rateLimit } })));

const starts = async (servers: FastifyInstance[], n: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await servers[i % servers.length]!.inject({ method: 'POST', url: '/api/chat/start', payload: {} });
    statuses.push(res.statusCode);
  }
  return statuses;
};

describe.runIf(runServerTests('the PostgreSQL rate-limit store tests'))('PostgreSQL rate-limit store', () => {
  let database: PostgresTestDatabase;
  let assistant: Assistant;
  let pool: ReturnType<typeof openHostPool>;
  beforeAll(async () => {
    database = await startPostgresTestDatabase();
    const storage = await database.openStorage();
    assistant = await createAssistant({}, { storage });
    pool = openHostPool({ connectionString: database.options.connectionString, schema: database.options.schema });
  });
  afterAll(async () => {
    await pool.end();
    await assistant.close();
    await database.close();
  });

  it('counts up within a window and starts again after it, on the server\u2019s clock', async () => {
    const store = createPostgresRateLimitStore({ pool, sweepEveryMs: 0 });
    const key = `k-${randomBytes(4).toString('hex')}`;
    const first = await store.hit(key, 400);
    const second = await store.hit(key, 400);
    expect([first.current, second.current]).toEqual([1, 2]);
    expect(second.ttl).toBeGreaterThan(0);
    expect(second.ttl).toBeLessThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 450));
    expect((await store.hit(key, 400)).current).toBe(1);
    store.close();
  });

  it('two servers on one store: the limit holds across them, counted under the route’s own key', async () => {
    const store = createPostgresRateLimitStore({ pool, sweepEveryMs: 0 });
    await pool.query('DELETE FROM rate_limit_hits');
    const servers = await twoServers(assistant, { store: store.store, global: 1000 });
    try {
      expect(await starts(servers, 5)).toEqual([200, 200, 200, 429, 429]);
      const keys = (
        await pool.query<{ key: string; hits: number }>('SELECT key, hits FROM rate_limit_hits ORDER BY key')
      ).rows;
      // a route with a limit of its own is counted under the route's key, not the global one's
      expect(keys).toEqual([{ key: 'POST/api/chat/start-ip:127.0.0.1', hits: 5 }]);
      await servers[0]!.inject({ url: '/health' });
      await servers[1]!.inject({ url: '/api/widget/default' });
      const global = await pool.query<{ hits: number }>("SELECT hits FROM rate_limit_hits WHERE key = 'ip:127.0.0.1'");
      // /health is never limited; the widget route counts against the global limit
      expect(global.rows).toEqual([{ hits: 1 }]);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      store.close();
    }
  });

  it('a failing store lets requests through and says so', async () => {
    const broken = openHostPool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const errors: unknown[] = [];
    const store = createPostgresRateLimitStore({ pool: broken, onError: (e) => void errors.push(e), sweepEveryMs: 0 });
    const [server] = await twoServers(assistant, { store: store.store });
    try {
      expect(await starts([server!], 2)).toEqual([200, 200]);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await server!.close();
      await broken.end();
    }
  });
});

const redisReachable = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

describe('Redis rate-limit store', () => {
  it('two servers on one Redis: the limit holds across them (skipped when no Redis listens on 127.0.0.1:6379)', async (context) => {
    if (!(await redisReachable())) {
      console.warn('[skipped] the Redis rate-limit test needs Redis on 127.0.0.1:6379');
      context.skip();
    }
    const { Redis } = await import('ioredis');
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const assistant = await createAssistant();
    const prefix = `wa-test-${randomBytes(4).toString('hex')}-`;
    const servers = await twoServers(assistant, { redis, redisKeyPrefix: prefix });
    try {
      expect(await starts(servers, 5)).toEqual([200, 200, 200, 429, 429]);
      expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await assistant.close();
    }
  });
});
