/**
 * The host's settings from the environment: rate limits like every other setting of
 * `npm start`, production mode refusing per-process secrets (naming the variable), and
 * every bad value refused before anything is opened.
 */
import { describe, expect, it } from 'vitest';
import { hostSettingsFromEnv } from '../../src/cli/host-settings.js';
import { startHost } from '../../src/cli/host.js';

const sqljs = { postgres: false, tty: false };
const pg = { postgres: true, tty: false };

describe('host settings', () => {
  it('rate limits come from RATE_LIMIT_* variables; the store defaults to PostgreSQL when that is the storage', () => {
    const settings = hostSettingsFromEnv(
      {
        RATE_LIMIT_WINDOW_MS: '30000',
        RATE_LIMIT_GLOBAL: '100',
        RATE_LIMIT_MESSAGE: '5',
        RATE_LIMIT_MESSAGE_PER_IP: '50',
        RATE_LIMIT_START: '2',
        RATE_LIMIT_REGISTER: '1',
        RATE_LIMIT_REGISTER_PER_IP: '4',
      },
      pg,
    );
    expect(settings.rateLimit).toEqual({
      store: 'postgres',
      timeWindowMs: 30_000,
      global: 100,
      message: 5,
      messagePerIp: 50,
      start: 2,
      register: 1,
      registerPerIp: 4,
    });
    expect(hostSettingsFromEnv({}, sqljs).rateLimit).toEqual({ store: 'memory' });
    expect(hostSettingsFromEnv({ RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:6379' }, pg).rateLimit).toEqual({
      store: 'redis',
    });
    expect(hostSettingsFromEnv({ RATE_LIMIT: 'off' }, pg).rateLimit).toBe(false);
  });

  it('a bad value names its variable', () => {
    expect(() => hostSettingsFromEnv({ RATE_LIMIT_MESSAGE: 'ten' }, sqljs)).toThrow(
      'RATE_LIMIT_MESSAGE must be a whole number, got "ten"',
    );
    expect(() => hostSettingsFromEnv({ RATE_LIMIT_WINDOW_MS: '0' }, sqljs)).toThrow(
      'RATE_LIMIT_WINDOW_MS must be a whole number of at least 1',
    );
    expect(() => hostSettingsFromEnv({ RATE_LIMIT_STORE: 'postgres' }, sqljs)).toThrow(
      'needs a postgres:// DATABASE_URL',
    );
    expect(() => hostSettingsFromEnv({ RATE_LIMIT_STORE: 'redis' }, pg)).toThrow('needs RATE_LIMIT_REDIS_URL');
    expect(() => hostSettingsFromEnv({ RATE_LIMIT_STORE: 'disk' }, pg)).toThrow('RATE_LIMIT_STORE must be');
    expect(() => hostSettingsFromEnv({ SHUTDOWN_TIMEOUT_MS: '-1' }, pg)).toThrow('SHUTDOWN_TIMEOUT_MS');
    expect(() => hostSettingsFromEnv({ METRICS_PORT: '99999' }, pg)).toThrow('METRICS_PORT must be a port number');
    expect(() => hostSettingsFromEnv({ LOG_LEVEL: 'loud' }, pg)).toThrow('LOG_LEVEL must be one of');
    expect(() => hostSettingsFromEnv({ LOG_FORMAT: 'xml' }, pg)).toThrow('LOG_FORMAT must be json or pretty');
  });

  it('logs are readable in a terminal and JSON elsewhere and in production, unless LOG_FORMAT says', () => {
    expect(hostSettingsFromEnv({}, { postgres: false, tty: true }).logFormat).toBe('pretty');
    expect(hostSettingsFromEnv({}, sqljs).logFormat).toBe('json');
    const production = { NODE_ENV: 'production', ADMIN_TOKEN: 'a', VISITOR_TOKEN_SECRET: 'b' };
    expect(hostSettingsFromEnv(production, { postgres: false, tty: true }).logFormat).toBe('json');
    expect(hostSettingsFromEnv({ ...production, LOG_FORMAT: 'pretty' }, sqljs).logFormat).toBe('pretty');
  });

  it('NODE_ENV=production refuses per-process secrets and says which variable to set', () => {
    expect(() => hostSettingsFromEnv({ NODE_ENV: 'production' }, pg)).toThrow(
      /NODE_ENV=production needs VISITOR_TOKEN_SECRET .* and ADMIN_TOKEN .*: set VISITOR_TOKEN_SECRET and ADMIN_TOKEN/,
    );
    expect(() => hostSettingsFromEnv({ NODE_ENV: 'production', ADMIN_TOKEN: 'x' }, pg)).toThrow(
      /set VISITOR_TOKEN_SECRET,/,
    );
    expect(() => hostSettingsFromEnv({ NODE_ENV: 'production', VISITOR_TOKEN_SECRET: 'x' }, pg)).toThrow(
      /set ADMIN_TOKEN,/,
    );
    // outside production a generated value is fine (a developer's laptop)
    expect(hostSettingsFromEnv({}, pg).adminToken).toBeNull();
  });

  it('the host does not start, and opens nothing, in production without the secrets', async () => {
    const lines: string[] = [];
    await expect(
      startHost({
        env: { NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        demo: false,
        port: 0,
        out: (l) => void lines.push(l),
      }),
    ).rejects.toThrow(/set VISITOR_TOKEN_SECRET and ADMIN_TOKEN/);
    expect(lines).toEqual([]);
  });

  it('with the secrets set it starts in production and logs JSON', async () => {
    const written: string[] = [];
    const host = await startHost({
      env: { NODE_ENV: 'production', ADMIN_TOKEN: 'prod-admin-token', VISITOR_TOKEN_SECRET: 'prod-visitor-secret' },
      demo: false,
      port: 0,
      out: () => undefined,
      logDestination: { write: (s: string) => void written.push(s), isTTY: true },
    });
    await fetch(`${host.url}/health`);
    await host.stop('done');
    const first = written.join('').split('\n')[0] ?? '';
    expect(() => JSON.parse(first) as unknown).not.toThrow();
  });
});
