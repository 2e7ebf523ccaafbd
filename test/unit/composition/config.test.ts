import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configFromEnv,
  createAssistant,
  ENVIRONMENT_VARIABLES,
  isAssistantError,
  resolveConfig,
} from '../../../src/index.js';

const fromEnv = (env: Record<string, string>) => configFromEnv(env);

describe('configuration from the environment', () => {
  it('defaults to sql.js in memory with the offline embedder', () => {
    expect(fromEnv({})).toEqual(
      E.right({ storage: { kind: 'sqljs', file: null }, embedder: { kind: 'offline' }, settings: {} }),
    );
  });

  it('reads DATABASE_URL for PostgreSQL or a sql.js file, with pool settings', () => {
    expect(
      fromEnv({
        DATABASE_URL: 'postgres://u:p@db:5432/shop',
        DB_POOL_SIZE: '8',
        DB_STATEMENT_TIMEOUT_MS: '2000',
        DB_HNSW_EF_SEARCH: '120',
        DB_PREPARED_STATEMENTS: 'false',
      }),
    ).toEqual(
      E.right({
        storage: {
          kind: 'postgres',
          url: 'postgres://u:p@db:5432/shop',
          poolSize: 8,
          statementTimeoutMs: 2000,
          hnswEfSearch: 120,
          preparedStatements: false,
        },
        embedder: { kind: 'offline' },
        settings: {},
      }),
    );
    expect(fromEnv({ DATABASE_URL: 'postgres://db/shop', DB_PREPARED_STATEMENTS: 'maybe' })).toMatchObject(
      E.left({ _tag: 'ValidationError', issues: [{ path: 'DB_PREPARED_STATEMENTS' }] }),
    );
    expect(fromEnv({ DATABASE_URL: 'sqlite:///var/data/web_assistant.db' })).toMatchObject(
      E.right({ storage: { kind: 'sqljs', file: 'var/data/web_assistant.db' } }),
    );
    expect(fromEnv({ EMBEDDER: 'none', FAQ_VECTOR_THRESHOLD: '0.4' })).toMatchObject(
      E.right({ embedder: { kind: 'none' }, settings: { vectorConfidenceThreshold: 0.4 } }),
    );
  });

  it('configures HTTP providers: an OpenAI-compatible embedder and DeepSeek from its key', () => {
    const r = fromEnv({
      EMBEDDER: 'openai',
      EMBEDDING_BASE_URL: 'http://127.0.0.1:11434/v1',
      EMBEDDING_MODEL: 'bge-m3',
      EMBEDDING_DIMENSIONS: '1024',
      DEEPSEEK_API_KEY: 'sk-test',
    });
    expect(r).toEqual(
      E.right({
        storage: { kind: 'sqljs', file: null },
        embedder: {
          kind: 'openai-compatible',
          baseUrl: 'http://127.0.0.1:11434/v1',
          model: 'bge-m3',
          style: 'openai',
          dimensions: 1024,
        },
        answerGenerator: { kind: 'openai-compatible', apiKey: 'sk-test' },
        settings: {},
      }),
    );
  });

  it('builds the configured providers (model ids carry the endpoint model)', async () => {
    const { createAssistant: create } = await import('../../../src/index.js');
    const a = await create({
      embedder: { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'bge-m3' },
      answerGenerator: { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9', timeoutMs: 200, maxRetries: 0 },
    });
    // both endpoints refuse connections: the entry is kept without a vector, the chat hands off
    const entry = await a.addKnowledge({ question: 'Как оформить заказ?', answer: 'Корзина' });
    expect(entry.embeddingModel).toBeNull();
    const chat = await a.startChat({});
    expect((await a.processMessage({ sessionUuid: chat.sessionUuid, message: 'Где ближайший магазин?' })).source).toBe(
      'handoff',
    );
    await a.close();
  });

  it.each([
    [{ EMBEDDER: 'openai', EMBEDDING_MODEL: 'm' }, 'EMBEDDING_BASE_URL'],
    [{ EMBEDDER: 'openai', EMBEDDING_BASE_URL: 'http://x' }, 'EMBEDDING_MODEL'],
    [{ AI_PROVIDER: 'gpt' }, 'AI_PROVIDER'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://x', DB_POOL_SIZE: 'ten' }, 'DB_POOL_SIZE'],
    [{ EMBEDDER: 'gpt' }, 'EMBEDDER'],
    [{ FAQ_TEXT_THRESHOLD: 'high' }, 'FAQ_TEXT_THRESHOLD'],
  ])('names the bad variable: %j', (env, name) => {
    const result = fromEnv(env);
    expect(E.isLeft(result) && result.left.path).toBe(name);
  });

  it('documents every variable in docs/configuration.md', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/configuration.md'), 'utf8');
    for (const name of Object.keys(ENVIRONMENT_VARIABLES)) expect(doc).toContain(`| \`${name}\` |`);
  });
});

describe('configuration objects', () => {
  it('fills in defaults', () => {
    const r = resolveConfig({});
    expect(E.isRight(r) && r.right).toMatchObject({
      storage: { kind: 'sqljs', file: null },
      migrate: true,
      settings: { conversationWindow: 20 },
    });
  });

  it.each([
    [{ storage: { kind: 'postgres', url: 'http://db' } }, 'storage'],
    [{ storage: { kind: 'postgres', url: 'postgres://db', poolSize: 0 } }, 'storage'],
    [{ settings: { vectorConfidenceThreshold: 3 } }, 'settings.vectorConfidenceThreshold'],
    [{ migrate: 'yes' }, 'migrate'],
    [{ embedder: { kind: 'openai-compatible', baseUrl: 'ftp://x', model: 'm' } }, 'embedder'],
    [{ answerGenerator: { kind: 'openai-compatible', temperature: 3 } }, 'answerGenerator'],
  ])('rejects %j naming the setting', async (config, path) => {
    const error = await createAssistant(config as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAssistantError(error, 'ValidationError')).toBe(true);
    expect(isAssistantError(error) && (error.path ?? '').startsWith(path)).toBe(true);
  });

  it('reports an unreachable PostgreSQL as StorageUnavailable', async () => {
    const started = Date.now();
    const error = await createAssistant({
      storage: { kind: 'postgres', url: 'postgres://root@127.0.0.1:1/none', connectTimeoutMs: 1000 },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAssistantError(error, 'StorageUnavailable')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('docs/configuration.md against the config codec', () => {
  /** Every property name the codec accepts, walking exact/intersection/union/partial/type codecs. */
  const propertyNames = (codec: unknown, seen = new Set<string>()): Set<string> => {
    const c = codec as { props?: Record<string, unknown>; types?: unknown[]; type?: unknown };
    if (c.props)
      for (const [name, inner] of Object.entries(c.props)) {
        seen.add(name);
        propertyNames(inner, seen);
      }
    for (const inner of c.types ?? []) propertyNames(inner, seen);
    if (c.type && typeof c.type === 'object') propertyNames(c.type, seen);
    return seen;
  };

  it('documents every setting the codec accepts', async () => {
    const { AssistantConfig } = await import('../../../src/index.js');
    const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/configuration.md'), 'utf8');
    const names = [...propertyNames(AssistantConfig)];
    expect(names.length).toBeGreaterThan(25);
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(doc))).toEqual([]);
  });
});
