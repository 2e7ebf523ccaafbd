/**
 * The reference host's own settings from environment variables (the storage, embedder
 * and AI variables are the library's: src/composition/config.ts). Every bad value is an
 * error naming its variable, raised before anything is opened (docs/configuration.md,
 * "Reference host").
 */
import type { RateLimitOptions } from '../../adapters/http/index.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../adapters/http/graceful-shutdown.js';
import { logFormatFrom, logLevelFrom, type LogFormat } from '../../adapters/http/host-logger.js';

type Environment = Readonly<Record<string, string | undefined>>;

export type RateLimitStoreKind = 'memory' | 'postgres' | 'redis';

export interface HostSettings {
  readonly production: boolean;
  readonly adminToken: string | null;
  readonly visitorTokenSecret: string | null;
  readonly identitySecret: string | null;
  readonly corsOrigins: ReadonlyArray<string>;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  /** A port of its own for GET /metrics (no token there); null: /metrics on the main port behind the admin token. */
  readonly metricsPort: number | null;
  readonly shutdownTimeoutMs: number;
  /** False: rate limiting off (RATE_LIMIT=off). */
  readonly rateLimit: (Omit<RateLimitOptions, 'store' | 'redis'> & { readonly store: RateLimitStoreKind }) | false;
  readonly redisUrl: string | null;
}

const present = (env: Environment, name: string): string | null => {
  const v = env[name]?.trim();
  return v ? v : null;
};

const flag = (raw: string | undefined) => raw === '1' || raw === 'true';

const wholeNumber = (env: Environment, name: string, { min = 0 } = {}): number | undefined => {
  const raw = present(env, name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new Error(`${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${raw}"`);
  return Number(raw);
};

export const portFromEnv = (raw: string | undefined, name: string): number | null => {
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
};

/**
 * In production, each host making up its own visitor-token key and admin token would
 * break every chat that moves to another host (or survives a restart) and lock the
 * operator out: refuse to start, naming the variable.
 */
const PER_PROCESS_SECRETS = [
  {
    name: 'VISITOR_TOKEN_SECRET',
    why: 'the key of visitor tokens, the same on every host (32 or more random characters)',
  },
  { name: 'ADMIN_TOKEN', why: 'the bearer token of the admin API and /metrics' },
] as const;

const rateLimitFrom = (env: Environment, postgres: boolean): HostSettings['rateLimit'] => {
  const switched = present(env, 'RATE_LIMIT')?.toLowerCase();
  if (switched === 'off' || switched === '0' || switched === 'false') return false;
  if (switched !== undefined && switched !== null && !['on', '1', 'true'].includes(switched))
    throw new Error(`RATE_LIMIT must be on or off, got "${env.RATE_LIMIT}"`);
  const store = (present(env, 'RATE_LIMIT_STORE')?.toLowerCase() ??
    (present(env, 'RATE_LIMIT_REDIS_URL') ? 'redis' : postgres ? 'postgres' : 'memory')) as RateLimitStoreKind;
  if (!['memory', 'postgres', 'redis'].includes(store))
    throw new Error(`RATE_LIMIT_STORE must be memory, postgres or redis, got "${env.RATE_LIMIT_STORE}"`);
  if (store === 'postgres' && !postgres)
    throw new Error('RATE_LIMIT_STORE=postgres needs a postgres:// DATABASE_URL (sql.js is one process: use memory)');
  if (store === 'redis' && !present(env, 'RATE_LIMIT_REDIS_URL'))
    throw new Error('RATE_LIMIT_STORE=redis needs RATE_LIMIT_REDIS_URL (redis://host:6379)');
  const limits = {
    timeWindowMs: wholeNumber(env, 'RATE_LIMIT_WINDOW_MS', { min: 1 }),
    global: wholeNumber(env, 'RATE_LIMIT_GLOBAL'),
    message: wholeNumber(env, 'RATE_LIMIT_MESSAGE'),
    messagePerIp: wholeNumber(env, 'RATE_LIMIT_MESSAGE_PER_IP'),
    start: wholeNumber(env, 'RATE_LIMIT_START'),
    register: wholeNumber(env, 'RATE_LIMIT_REGISTER'),
    registerPerIp: wholeNumber(env, 'RATE_LIMIT_REGISTER_PER_IP'),
  };
  return {
    store,
    ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
  };
};

/** `postgres`: the store is PostgreSQL (DATABASE_URL), so a shared rate-limit store is at hand. */
export const hostSettingsFromEnv = (env: Environment, options: { postgres: boolean; tty: boolean }): HostSettings => {
  const production = env.NODE_ENV?.trim() === 'production';
  if (production) {
    const missing = PER_PROCESS_SECRETS.filter((s) => !present(env, s.name));
    if (missing.length > 0)
      throw new Error(
        `NODE_ENV=production needs ${missing.map((s) => `${s.name} (${s.why})`).join(' and ')}: ` +
          `set ${missing.map((s) => s.name).join(' and ')}, since a value made up per process differs between hosts and restarts`,
      );
  }
  const redisUrl = present(env, 'RATE_LIMIT_REDIS_URL');
  if (redisUrl !== null && !/^rediss?:\/\/./.test(redisUrl))
    throw new Error('RATE_LIMIT_REDIS_URL must start with redis:// or rediss://');
  return {
    production,
    adminToken: present(env, 'ADMIN_TOKEN'),
    visitorTokenSecret: present(env, 'VISITOR_TOKEN_SECRET'),
    identitySecret: present(env, 'IDENTITY_SECRET'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    trustProxy: flag(env.TRUST_PROXY),
    logLevel: logLevelFrom(env.LOG_LEVEL),
    logFormat: logFormatFrom(env.LOG_FORMAT, { tty: options.tty, production }),
    metricsPort: portFromEnv(env.METRICS_PORT, 'METRICS_PORT'),
    shutdownTimeoutMs: wholeNumber(env, 'SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    rateLimit: rateLimitFrom(env, options.postgres),
    redisUrl,
  };
};
