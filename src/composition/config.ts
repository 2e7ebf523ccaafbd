import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { nullable, struct, text } from '../domain/codecs.js';
import { validationError, type ValidationError } from '../domain/errors.js';
import { decode } from '../domain/validation.js';
import { DEFAULT_SETTINGS, type AssistantSettings } from '../application/settings.js';

const intIn = (name: string, min: number, max: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
        ? t.success(u)
        : t.failure(u, c, `must be an integer from ${min} to ${max}`),
    (a) => a,
  );

const fraction = new t.Type<number, number, unknown>(
  'Fraction',
  (u): u is number => typeof u === 'number' && u >= -1 && u <= 1,
  (u, c) => (typeof u === 'number' && u >= -1 && u <= 1 ? t.success(u) : t.failure(u, c, 'must be a number from -1 to 1')),
  (a) => a,
);

const PostgresUrl = new t.Type<string, string, unknown>(
  'PostgresUrl',
  (u): u is string => typeof u === 'string' && /^postgres(ql)?:\/\//.test(u),
  (u, c) =>
    typeof u === 'string' && /^postgres(ql)?:\/\/./.test(u)
      ? t.success(u)
      : t.failure(u, c, 'must be a postgres:// or postgresql:// URL'),
  (a) => a,
);

export const SqlJsStorageConfig = struct(
  'SqlJsStorageConfig',
  { kind: t.literal('sqljs') },
  { /** File to load and keep written; null or absent keeps everything in memory. */ file: nullable(text(4096)) },
);
export const PostgresStorageConfig = struct(
  'PostgresStorageConfig',
  { kind: t.literal('postgres'), url: PostgresUrl },
  {
    poolSize: intIn('PoolSize', 1, 200),
    connectTimeoutMs: intIn('Milliseconds', 100, 600_000),
    statementTimeoutMs: intIn('Milliseconds', 100, 3_600_000),
    idleTimeoutMs: intIn('Milliseconds', 100, 3_600_000),
    schema: text(63),
  },
);
export const StorageConfig = t.union([SqlJsStorageConfig, PostgresStorageConfig], 'StorageConfig');

export const EmbedderConfig = t.union(
  [t.exact(t.type({ kind: t.literal('offline') })), t.exact(t.type({ kind: t.literal('none') }))],
  'EmbedderConfig',
);
export const AnswerGeneratorConfig = t.exact(t.type({ kind: t.literal('none') }), 'AnswerGeneratorConfig');

export const SettingsConfig = t.exact(
  t.partial({
    defaultWidgetProfile: text(100),
    defaultWelcomeMessage: text(10_000),
    handoffMessage: text(10_000),
    vectorConfidenceThreshold: fraction,
    textConfidenceThreshold: fraction,
    conversationWindow: intIn('ConversationWindow', 1, 500),
  }),
  'SettingsConfig',
);

/** Everything `createAssistant` can be told; every field is optional. */
export const AssistantConfig = struct(
  'AssistantConfig',
  {},
  {
    /** Default: sql.js in memory. */
    storage: StorageConfig,
    /** Default: the offline embedder (no network, no key). */
    embedder: EmbedderConfig,
    /** Default: none (questions the FAQ cannot answer get the hand-off message). */
    answerGenerator: AnswerGeneratorConfig,
    settings: SettingsConfig,
    /** Create or migrate the schema on start (default true). */
    migrate: t.boolean,
  },
);
export type AssistantConfigInput = t.OutputOf<typeof AssistantConfig>;

export interface ResolvedConfig {
  readonly storage: t.TypeOf<typeof StorageConfig>;
  readonly embedder: t.TypeOf<typeof EmbedderConfig>;
  readonly answerGenerator: t.TypeOf<typeof AnswerGeneratorConfig>;
  readonly settings: AssistantSettings;
  readonly migrate: boolean;
}

/** Decodes a configuration object and fills in the defaults. */
export const resolveConfig = (input: unknown): E.Either<ValidationError, ResolvedConfig> => {
  const decoded = decode(AssistantConfig, input ?? {});
  if (E.isLeft(decoded)) return decoded;
  const c = decoded.right;
  return E.right({
    storage: c.storage ?? { kind: 'sqljs', file: null },
    embedder: c.embedder ?? { kind: 'offline' },
    answerGenerator: c.answerGenerator ?? { kind: 'none' },
    settings: { ...DEFAULT_SETTINGS, ...c.settings },
    migrate: c.migrate ?? true,
  });
};

/** Environment variables read by `configFromEnv`, with what they mean. */
export const ENVIRONMENT_VARIABLES = {
  DATABASE_URL:
    'postgres://user:password@host:5432/db for PostgreSQL; sqlite:///path/to/file.db for sql.js kept in a file; unset or sqlite://:memory: for sql.js in memory',
  DB_POOL_SIZE: 'PostgreSQL pool size (default 10)',
  DB_CONNECT_TIMEOUT_MS: 'how long to wait for a PostgreSQL connection (default 5000)',
  DB_STATEMENT_TIMEOUT_MS: 'server-side limit for one statement (default 30000)',
  DB_SCHEMA: "PostgreSQL schema of the library's tables (default: the server's search_path, normally public)",
  EMBEDDER: 'offline (default) or none',
  FAQ_VECTOR_THRESHOLD: `minimum cosine similarity to answer from the FAQ (default ${DEFAULT_SETTINGS.vectorConfidenceThreshold})`,
  FAQ_TEXT_THRESHOLD: `minimum share of the question's words an FAQ entry must contain in text mode (default ${DEFAULT_SETTINGS.textConfidenceThreshold})`,
} as const;

const envIssue = (name: keyof typeof ENVIRONMENT_VARIABLES, message: string) => validationError([{ path: name, message }]);

const intFromEnv = (env: NodeJS.ProcessEnv, name: keyof typeof ENVIRONMENT_VARIABLES): number | undefined | ValidationError => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : envIssue(name, `must be a whole number, got "${raw}"`);
};
const numberFromEnv = (env: NodeJS.ProcessEnv, name: keyof typeof ENVIRONMENT_VARIABLES): number | undefined | ValidationError => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : envIssue(name, `must be a number, got "${raw}"`);
};
const isIssue = (v: unknown): v is ValidationError =>
  typeof v === 'object' && v !== null && (v as { _tag?: unknown })._tag === 'ValidationError';

/**
 * A configuration object from environment variables (see `ENVIRONMENT_VARIABLES`).
 * A bad value is a `ValidationError` whose path is the variable's name.
 */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): E.Either<ValidationError, AssistantConfigInput> => {
  const url = env.DATABASE_URL?.trim() ?? '';
  let storage: AssistantConfigInput['storage'];
  if (url === '' || url === 'sqlite://:memory:' || url === 'sqlite:///:memory:' || url === 'memory') {
    storage = { kind: 'sqljs', file: null };
  } else if (/^sqlite:\/\/\/./.test(url)) {
    storage = { kind: 'sqljs', file: url.slice('sqlite:///'.length) };
  } else if (/^postgres(ql)?:\/\/./.test(url)) {
    const numbers = {
      poolSize: intFromEnv(env, 'DB_POOL_SIZE'),
      connectTimeoutMs: intFromEnv(env, 'DB_CONNECT_TIMEOUT_MS'),
      statementTimeoutMs: intFromEnv(env, 'DB_STATEMENT_TIMEOUT_MS'),
    };
    const bad = Object.values(numbers).find(isIssue);
    if (bad) return E.left(bad);
    const schema = env.DB_SCHEMA?.trim();
    storage = {
      kind: 'postgres',
      url,
      ...(Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)) as Record<string, number>),
      ...(schema ? { schema } : {}),
    };
  } else {
    return E.left(envIssue('DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:///'));
  }
  const embedderKind = env.EMBEDDER?.trim() || 'offline';
  if (embedderKind !== 'offline' && embedderKind !== 'none') return E.left(envIssue('EMBEDDER', `must be "offline" or "none", got "${embedderKind}"`));
  const vector = numberFromEnv(env, 'FAQ_VECTOR_THRESHOLD');
  const textThreshold = numberFromEnv(env, 'FAQ_TEXT_THRESHOLD');
  if (isIssue(vector)) return E.left(vector);
  if (isIssue(textThreshold)) return E.left(textThreshold);
  return E.right({
    storage,
    embedder: { kind: embedderKind },
    settings: {
      ...(vector === undefined ? {} : { vectorConfidenceThreshold: vector }),
      ...(textThreshold === undefined ? {} : { textConfidenceThreshold: textThreshold }),
    },
  });
};
