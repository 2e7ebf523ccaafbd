/**
 * The swap by configuration: one Inversify module per choice of storage, embedder and
 * answer generator. `createAssistant` loads the three the configuration names; the
 * use-cases (container.ts) see only the ports. Adapters are imported on demand, so an
 * in-memory assistant never loads the PostgreSQL driver.
 */
import { ContainerModule } from 'inversify';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { createOpenAiCompatibleEmbedder } from '../../adapters/embedding/openai-compatible-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createOpenAiCompatibleAnswerGenerator } from '../../adapters/llm/openai-compatible-answer-generator.js';
import { storageUnavailable, validationError } from '../domain/errors.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Storage } from '../ports/repositories.js';
import { TOKENS } from '../ports/tokens.js';
import { AssistantError } from './assistant-error.js';
import type { ResolvedConfig } from './config.js';
import type { OptionalEmbedder } from './container.js';

type StorageConfig = ResolvedConfig['storage'];

const describeCause = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An async resource whose failure to open is a StorageUnavailable naming the store. */
const opening = (kind: string, open: () => Promise<Storage>) => async (): Promise<Storage> => {
  try {
    return await open();
  } catch (e) {
    throw new AssistantError(storageUnavailable(`cannot open ${kind} storage: ${describeCause(e)}`));
  }
};

/** The embedded sql.js store, in memory or kept in a file. */
export const sqljsStorageModule = (config: Extract<StorageConfig, { kind: 'sqljs' }>) =>
  new ContainerModule(({ bind }) => {
    bind<Storage>(TOKENS.Storage).toResolvedValue(
      opening('sqljs', async () => {
        const { createSqlJsStorage } = await import('../../adapters/sqljs/index.js');
        return createSqlJsStorage({ file: config.file ?? null });
      }),
    );
  });

/** PostgreSQL with pgvector, through a slonik pool. */
export const postgresStorageModule = (config: Extract<StorageConfig, { kind: 'postgres' }>) =>
  new ContainerModule(({ bind }) => {
    bind<Storage>(TOKENS.Storage).toResolvedValue(
      opening('postgres', async () => {
        const { createPostgresStorage } = await import('../../adapters/postgres/index.js');
        return createPostgresStorage({
          connectionString: config.url,
          poolSize: config.poolSize,
          connectTimeoutMs: config.connectTimeoutMs,
          statementTimeoutMs: config.statementTimeoutMs,
          idleTimeoutMs: config.idleTimeoutMs,
          schema: config.schema,
          hnswEfSearch: config.hnswEfSearch,
          preparedStatements: config.preparedStatements,
          notifications: config.notifications,
        });
      }),
    );
  });

/** Provider factories check their settings eagerly; a RangeError becomes a ValidationError naming the setting. */
const guarded = <A>(path: string, build: () => A): A => {
  try {
    return build();
  } catch (e) {
    throw new AssistantError(validationError([{ path, message: describeCause(e) }]));
  }
};

/** The offline embedder, an OpenAI-compatible HTTP one, or none (text search only). */
export const embedderModule = (config: ResolvedConfig['embedder']) =>
  new ContainerModule(({ bind }) => {
    bind<OptionalEmbedder>(TOKENS.Embedder).toResolvedValue((): OptionalEmbedder => {
      switch (config.kind) {
        case 'offline':
          return { embedder: createOfflineEmbedder() };
        case 'none':
          return { embedder: null };
        case 'openai-compatible':
          return {
            embedder: guarded('embedder', () =>
              createOpenAiCompatibleEmbedder({
                baseUrl: config.baseUrl,
                model: config.model,
                apiKey: config.apiKey ?? null,
                dimensions: config.dimensions,
                style: config.style,
                batchSize: config.batchSize,
                timeoutMs: config.timeoutMs,
                maxRetries: config.maxRetries,
              }),
            ),
          };
      }
    });
  });

/** An OpenAI-compatible chat model (DeepSeek by default), or none (a hand-off instead). */
export const answerGeneratorModule = (config: ResolvedConfig['answerGenerator']) =>
  new ContainerModule(({ bind }) => {
    bind<AnswerGenerator>(TOKENS.AnswerGenerator).toResolvedValue(() =>
      config.kind === 'none'
        ? noAnswerGenerator
        : guarded('answerGenerator', () =>
            createOpenAiCompatibleAnswerGenerator({
              baseUrl: config.baseUrl,
              apiKey: config.apiKey ?? null,
              defaultModel: config.model,
              defaultTemperature: config.temperature,
              maxTokens: config.maxTokens,
              timeoutMs: config.timeoutMs,
              maxRetries: config.maxRetries,
            }),
          ),
    );
  });

/** The modules the configuration chooses: its storage, its embedder, its answer generator. */
export const adapterModules = (config: ResolvedConfig): ReadonlyArray<ContainerModule> => [
  config.storage.kind === 'sqljs' ? sqljsStorageModule(config.storage) : postgresStorageModule(config.storage),
  embedderModule(config.embedder),
  answerGeneratorModule(config.answerGenerator),
];
