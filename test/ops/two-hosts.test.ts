/**
 * Two host processes on one PostgreSQL database, started at the same moment, as two
 * replicas behind a load balancer: the demo seed runs once, the rate limit holds across
 * both (counted in the database), a visitor token issued by one is accepted by the other
 * and a chat started on one continues on the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_FAQ } from '../../scripts/demo/spec-seed.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { runServerTests } from '../support/server-requirement.js';
import { call, startChat } from '../http/http-harness.js';

const root = resolve(import.meta.dirname, '../..');
const ADMIN = 'two-hosts-admin-token-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };

interface HostProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
}

const spawnHost = (env: Record<string, string>): HostProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--port', '0'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = (async () => {
    for (let i = 0; i < 1200; i++) {
      const found = /Open (http:\/\/127\.0\.0\.1:\d+)\/ to chat/.exec(output)?.[1];
      if (found) return found;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the host did not start:\n${output}`);
  })();
  return { child, output: () => output, url, exited };
};

describe.runIf(runServerTests('the two-host tests'))('two hosts on one PostgreSQL', () => {
  let database: PostgresTestDatabase;
  let hosts: HostProcess[] = [];
  let a = '';
  let b = '';

  beforeAll(async () => {
    database = await startPostgresTestDatabase();
    const isolated = await database.isolatedSchema();
    const env = {
      DATABASE_URL: isolated.connectionString,
      DB_SCHEMA: isolated.schema ?? '',
      DB_POOL_SIZE: '3',
      ADMIN_TOKEN: ADMIN,
      VISITOR_TOKEN_SECRET: 'one-secret-for-every-host-0123456789abcdef',
      RATE_LIMIT_START: '4',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    };
    // started together, so the seed and the migrations race for real
    hosts = [spawnHost(env), spawnHost(env)];
    const urls = await Promise.all(hosts.map((h) => h.url));
    a = urls[0] ?? '';
    b = urls[1] ?? '';
  }, 120_000);

  afterAll(async () => {
    for (const host of hosts) if (host.child.exitCode === null) host.child.kill('SIGTERM');
    const codes = await Promise.all(hosts.map((h) => h.exited));
    await database?.close();
    expect(codes).toEqual([0, 0]);
  }, 60_000);

  it('the demo seed ran once: the FAQ has each entry once, and one host says it seeded', async () => {
    const faq = await call(a, 'GET', '/api/admin/faq?limit=100&include_inactive=true', { headers: admin });
    const questions = (faq.body.entries as Array<{ question: string }>).map((e) => e.question);
    expect(questions.sort()).toEqual(SPEC_FAQ.map((e) => e.question).sort());
    const seeded = hosts.filter((h) => h.output().includes("seeded with the specification's FAQ"));
    expect(seeded).toHaveLength(1);
    for (const host of hosts) expect(host.output()).toContain('rate limits counted in postgres');
  });

  it('a chat started on one host continues on the other, with the token the first issued', async () => {
    const chat = await startChat(a);
    const onB = await call(b, 'POST', '/api/chat/message', {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
    });
    expect(onB.status).toBe(200);
    expect(onB.body.source).toBe('faq');
    const back = await call(a, 'POST', '/api/chat/message', {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, message: 'Можно ли вернуть товар?' },
    });
    expect(back.status).toBe(200);
    const history = await call(b, 'GET', `/api/chat/history?session_uuid=${chat.sessionUuid}`, {
      headers: chat.headers,
    });
    expect((history.body.messages as Array<{ role: string }>).map((m) => m.role)).toEqual([
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
  });

  it('the rate limit holds across both: 4 new chats a minute per IP, wherever they land', async () => {
    // one chat was started above (on a); three more fit, alternating hosts, and the next one does not
    const statuses: number[] = [];
    for (const url of [b, a, b, a, b]) statuses.push((await call(url, 'POST', '/api/chat/start', { body: {} })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call(a, 'POST', '/api/chat/start', { body: {} });
    expect(limited.body).toMatchObject({ error: { code: 'RateLimited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
