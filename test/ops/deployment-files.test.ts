/**
 * The Dockerfile and docker-compose.yml, checked by structure (no Docker engine runs in
 * the tests): a multi-stage build whose runtime runs as a non-root user with a health
 * check on /health, files it copies that exist, and a compose file with PostgreSQL and
 * pgvector and two host replicas sharing one database and one set of secrets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
const instructions = (text: string): Instruction[] =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.indexOf(' ');
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });

const dockerfile = instructions(readFileSync(resolve(root, 'Dockerfile'), 'utf8'));
const stages = (() => {
  const out: Instruction[][] = [];
  for (const i of dockerfile) {
    if (i.keyword === 'FROM') out.push([]);
    out[out.length - 1]?.push(i);
  }
  return out;
})();
const runtime = stages[stages.length - 1] ?? [];

describe('Dockerfile', () => {
  it('is multi-stage, on the Node major package.json promises', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]?.args).toMatch(/^node:20[-.\w]*( AS \w+)?$/i);
  });

  it('the runtime runs as a non-root user, with production settings and the host as its command', () => {
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    const env = runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('HOST=0.0.0.0');
    const cmd = runtime.find((i) => i.keyword === 'CMD');
    expect(JSON.parse(cmd?.args ?? '[]')).toEqual(['node', 'dist/src/cli/main.js', 'serve']);
    // the command the image runs is what the build produces
    expect(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).bin['web-assistant']).toBe(
      './dist/src/cli/main.js',
    );
  });

  it('has a HEALTHCHECK on /health (liveness), not /ready', () => {
    const check = runtime.find((i) => i.keyword === 'HEALTHCHECK');
    expect(check?.args).toContain('/health');
    expect(check?.args).not.toContain('/ready');
    expect(check?.args).toMatch(/--interval=\d+s/);
  });

  it('copies only files that exist, and the runtime gets the migrations and the widget files', () => {
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(resolve(root, source)), source).toBe(true);
    }
    const copied = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    for (const needed of ['/app/migrations', '/app/adapters/http/widget', '/app/dist', '/app/node_modules'])
      expect(
        copied.some((c) => c.includes(needed)),
        needed,
      ).toBe(true);
    expect(existsSync(resolve(root, '.dockerignore'))).toBe(true);
    expect(readFileSync(resolve(root, '.dockerignore'), 'utf8')).toMatch(/^node_modules$/m);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
  };
  const hosts = Object.entries(compose.services).filter(([name]) => name.startsWith('web'));

  it('runs PostgreSQL 15 with pgvector 0.8 and a health check', () => {
    expect(compose.services.postgres?.image).toBe('pgvector/pgvector:0.8.0-pg15');
    expect(compose.services.postgres?.healthcheck).toBeDefined();
  });

  it('runs two host replicas on one database, with one set of secrets, each after PostgreSQL is healthy', () => {
    expect(hosts.map(([name]) => name)).toEqual(['web-1', 'web-2']);
    const envs = hosts.map(([, s]) => s.environment as Record<string, string>);
    expect(new Set(envs.map((e) => e.DATABASE_URL)).size).toBe(1);
    expect(envs[0]?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    for (const e of envs) {
      expect(e.VISITOR_TOKEN_SECRET).toMatch(/^\$\{VISITOR_TOKEN_SECRET:\?/);
      expect(e.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?/);
      expect(e.RATE_LIMIT_STORE).toBe('postgres');
    }
    for (const [, s] of hosts) {
      expect(s.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      expect(s.stop_grace_period).toBe('30s');
    }
    const ports = hosts.flatMap(([, s]) => s.ports as string[]);
    expect(new Set(ports).size).toBe(2);
  });

  it('gives Docker more time to stop a host than the host\u2019s own deadline', () => {
    for (const [, s] of hosts) {
      const deadline = Number((s.environment as Record<string, string>).SHUTDOWN_TIMEOUT_MS);
      expect(Number(String(s.stop_grace_period).replace(/s$/, '')) * 1000).toBeGreaterThan(deadline);
    }
  });
});
