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
  (u, c) =>
    typeof u === 'number' && u >= -1 && u <= 1 ? t.success(u) : t.failure(u, c, 'must be a number from -1 to 1'),
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
    /** HNSW candidate list size for vector search (default 40; 100-200 for large tables). */
    hnswEfSearch: intIn('EfSearch', 1, 1000),
    /** Named prepared statements (default true); false behind PgBouncer in transaction mode before 1.21. */
    preparedStatements: t.boolean,
    /** How stored messages are heard of for live delivery: `listen` (default, LISTEN/NOTIFY) or `poll`. */
    notifications: t.keyof({ listen: null, poll: null }),
  },
);
export const StorageConfig = t.union([SqlJsStorageConfig, PostgresStorageConfig], 'StorageConfig');

const HttpBaseUrl = new t.Type<string, string, unknown>(
  'HttpBaseUrl',
  (u): u is string => typeof u === 'string' && /^https?:\/\/./.test(u),
  (u, c) =>
    typeof u === 'string' && /^https?:\/\/./.test(u) ? t.success(u) : t.failure(u, c, 'must be an http(s) URL'),
  (a) => a,
);

/** An OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, ...) or a TEI `/embed` endpoint. */
export const HttpEmbedderConfig = struct(
  'HttpEmbedderConfig',
  { kind: t.literal('openai-compatible'), baseUrl: HttpBaseUrl, model: text(200) },
  {
    apiKey: nullable(text(1000)),
    dimensions: intIn('Dimensions', 1, 16_384),
    style: t.keyof({ openai: null, tei: null }),
    batchSize: intIn('BatchSize', 1, 2048),
    timeoutMs: intIn('Milliseconds', 100, 600_000),
    maxRetries: intIn('Retries', 0, 10),
  },
);
export const EmbedderConfig = t.union(
  [t.exact(t.type({ kind: t.literal('offline') })), t.exact(t.type({ kind: t.literal('none') })), HttpEmbedderConfig],
  'EmbedderConfig',
);

/** An OpenAI-compatible `/chat/completions` endpoint; DeepSeek's by default. */
export const HttpAnswerGeneratorConfig = struct(
  'HttpAnswerGeneratorConfig',
  { kind: t.literal('openai-compatible') },
  {
    baseUrl: HttpBaseUrl,
    apiKey: nullable(text(1000)),
    model: text(200),
    temperature: new t.Type<number, number, unknown>(
      'Temperature',
      (u): u is number => typeof u === 'number' && u >= 0 && u <= 2,
      (u, c) =>
        typeof u === 'number' && u >= 0 && u <= 2 ? t.success(u) : t.failure(u, c, 'must be a number from 0 to 2'),
      (a) => a,
    ),
    maxTokens: intIn('MaxTokens', 1, 1_000_000),
    timeoutMs: intIn('Milliseconds', 100, 600_000),
    maxRetries: intIn('Retries', 0, 10),
  },
);
export const AnswerGeneratorConfig = t.union(
  [t.exact(t.type({ kind: t.literal('none') })), HttpAnswerGeneratorConfig],
  'AnswerGeneratorConfig',
);

export const SettingsConfig = t.exact(
  t.partial({
    defaultWidgetProfile: text(100),
    defaultWelcomeMessage: text(10_000),
    handoffMessage: text(10_000),
    searchFailedMessage: text(10_000),
    connectingMessage: text(10_000),
    unavailableMessage: text(10_000),
    groundingTopK: intIn('GroundingTopK', 1, 10),
    groundingMinRelevance: fraction,
    hybridConfidenceThreshold: fraction,
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
/** The configuration object `createAssistant` accepts, as plain data; every field is optional. */
export type AssistantConfigInput = t.OutputOf<typeof AssistantConfig>;

/** A configuration with every default filled in, as `resolveConfig` returns it. */
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
  DB_HNSW_EF_SEARCH:
    'HNSW candidate list size for vector search (default 40; raise to 100-200 for recall on large FAQs)',
  DB_PREPARED_STATEMENTS:
    'true (default) or false: named prepared statements; false behind PgBouncer in transaction mode before 1.21',
  DB_NOTIFICATIONS:
    'listen (default: LISTEN/NOTIFY on one extra connection) or poll (reads new messages every 250 ms; behind PgBouncer in transaction mode)',
  EMBEDDER: 'offline (default), none, openai (an OpenAI-compatible /embeddings endpoint) or tei',
  EMBEDDING_BASE_URL:
    'base URL of the embedding endpoint, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)',
  EMBEDDING_API_KEY: 'API key of the embedding endpoint, when it needs one',
  EMBEDDING_MODEL: 'embedding model name, e.g. text-embedding-3-small or bge-m3',
  EMBEDDING_DIMENSIONS: "vector size requested from the endpoint (default 1024, the schema's size)",
  AI_PROVIDER:
    'none (default, unless DEEPSEEK_API_KEY or AI_API_KEY is set) or openai (an OpenAI-compatible /chat/completions endpoint)',
  AI_BASE_URL: 'chat completions base URL (default https://api.deepseek.com)',
  AI_API_KEY: 'API key of the chat endpoint',
  DEEPSEEK_API_KEY: "the specification's variable: an AI_API_KEY for DeepSeek's chat model",
  AI_MODEL: 'default chat model (default deepseek-chat; the agent context key ai_model overrides it per request)',
  AI_TIMEOUT_MS: 'longest wait for the reply to begin, and then between two streamed pieces (default 30000)',
  FAQ_HYBRID_THRESHOLD: `minimum hybrid confidence to answer from the FAQ (default ${DEFAULT_SETTINGS.hybridConfidenceThreshold})`,
  FAQ_VECTOR_THRESHOLD: `minimum cosine similarity to answer from the FAQ in vector mode (default ${DEFAULT_SETTINGS.vectorConfidenceThreshold})`,
  FAQ_TEXT_THRESHOLD: `minimum share of the question's words an FAQ entry must contain in text mode (default ${DEFAULT_SETTINGS.textConfidenceThreshold})`,
} as const;

/** Environment variables as a plain record, so the published types need no `@types/node`. */
type Environment = Readonly<Record<string, string | undefined>>;

const envIssue = (name: keyof typeof ENVIRONMENT_VARIABLES, message: string) =>
  validationError([{ path: name, message }]);

const intFromEnv = (
  env: Environment,
  name: keyof typeof ENVIRONMENT_VARIABLES,
): number | undefined | ValidationError => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : envIssue(name, `must be a whole number, got "${raw}"`);
};
const numberFromEnv = (
  env: Environment,
  name: keyof typeof ENVIRONMENT_VARIABLES,
): number | undefined | ValidationError => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : envIssue(name, `must be a number, got "${raw}"`);
};
const booleanFromEnv = (
  env: Environment,
  name: keyof typeof ENVIRONMENT_VARIABLES,
): boolean | undefined | ValidationError => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return envIssue(name, `must be true or false, got "${env[name]}"`);
};
const isIssue = (v: unknown): v is ValidationError =>
  typeof v === 'object' && v !== null && (v as { _tag?: unknown })._tag === 'ValidationError';

const present = (env: Environment, name: keyof typeof ENVIRONMENT_VARIABLES): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

const embedderFromEnv = (env: Environment): AssistantConfigInput['embedder'] | ValidationError => {
  const kind = present(env, 'EMBEDDER') ?? 'offline';
  if (kind === 'offline' || kind === 'none') return { kind };
  if (kind !== 'openai' && kind !== 'tei')
    return envIssue('EMBEDDER', `must be offline, none, openai or tei, got "${kind}"`);
  const baseUrl = present(env, 'EMBEDDING_BASE_URL');
  const model = present(env, 'EMBEDDING_MODEL') ?? (kind === 'tei' ? 'tei' : undefined);
  if (!baseUrl) return envIssue('EMBEDDING_BASE_URL', `is required with EMBEDDER=${kind}`);
  if (!model) return envIssue('EMBEDDING_MODEL', `is required with EMBEDDER=${kind}`);
  const dimensions = intFromEnv(env, 'EMBEDDING_DIMENSIONS');
  if (isIssue(dimensions)) return dimensions;
  const apiKey = present(env, 'EMBEDDING_API_KEY');
  return {
    kind: 'openai-compatible',
    baseUrl,
    model,
    style: kind === 'tei' ? 'tei' : 'openai',
    ...(apiKey ? { apiKey } : {}),
    ...(dimensions === undefined ? {} : { dimensions }),
  };
};

const answerGeneratorFromEnv = (
  env: Environment,
): AssistantConfigInput['answerGenerator'] | ValidationError | undefined => {
  const apiKey = present(env, 'AI_API_KEY') ?? present(env, 'DEEPSEEK_API_KEY');
  const provider = present(env, 'AI_PROVIDER') ?? (apiKey ? 'openai' : 'none');
  if (provider === 'none') return undefined;
  if (provider !== 'openai') return envIssue('AI_PROVIDER', `must be none or openai, got "${provider}"`);
  const timeoutMs = intFromEnv(env, 'AI_TIMEOUT_MS');
  if (isIssue(timeoutMs)) return timeoutMs;
  const baseUrl = present(env, 'AI_BASE_URL');
  const model = present(env, 'AI_MODEL');
  return {
    kind: 'openai-compatible',
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(model ? { model } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
};

/**
 * A configuration object from environment variables (see `ENVIRONMENT_VARIABLES`).
 * A bad value is a `ValidationError` whose path is the variable's name.
 */
export const configFromEnv = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): E.Either<ValidationError, AssistantConfigInput> => {
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
      hnswEfSearch: intFromEnv(env, 'DB_HNSW_EF_SEARCH'),
    };
    const bad = Object.values(numbers).find(isIssue);
    if (bad) return E.left(bad);
    const preparedStatements = booleanFromEnv(env, 'DB_PREPARED_STATEMENTS');
    if (isIssue(preparedStatements)) return E.left(preparedStatements);
    const schema = env.DB_SCHEMA?.trim();
    const notifications = env.DB_NOTIFICATIONS?.trim();
    if (notifications !== undefined && notifications !== '' && notifications !== 'listen' && notifications !== 'poll')
      return E.left(envIssue('DB_NOTIFICATIONS', 'must be listen or poll'));
    storage = {
      kind: 'postgres',
      url,
      ...(Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)) as Record<string, number>),
      ...(schema ? { schema } : {}),
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
      ...(notifications === 'listen' || notifications === 'poll' ? { notifications } : {}),
    };
  } else {
    return E.left(envIssue('DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:///'));
  }
  const embedder = embedderFromEnv(env);
  if (isIssue(embedder)) return E.left(embedder);
  const answerGenerator = answerGeneratorFromEnv(env);
  if (isIssue(answerGenerator)) return E.left(answerGenerator);
  const hybrid = numberFromEnv(env, 'FAQ_HYBRID_THRESHOLD');
  const vector = numberFromEnv(env, 'FAQ_VECTOR_THRESHOLD');
  const textThreshold = numberFromEnv(env, 'FAQ_TEXT_THRESHOLD');
  for (const v of [hybrid, vector, textThreshold]) if (isIssue(v)) return E.left(v);
  const thresholds = {
    hybridConfidenceThreshold: hybrid,
    vectorConfidenceThreshold: vector,
    textConfidenceThreshold: textThreshold,
  };
  return E.right({
    storage,
    embedder,
    ...(answerGenerator ? { answerGenerator } : {}),
    settings: Object.fromEntries(Object.entries(thresholds).filter(([, v]) => typeof v === 'number')),
  });
};
