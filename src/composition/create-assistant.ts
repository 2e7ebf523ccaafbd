import * as E from 'fp-ts/lib/Either.js';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { createOpenAiCompatibleEmbedder } from '../../adapters/embedding/openai-compatible-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createOpenAiCompatibleAnswerGenerator } from '../../adapters/llm/openai-compatible-answer-generator.js';
import { randomIds } from '../../adapters/system/random-ids.js';
import { systemClock } from '../../adapters/system/system-clock.js';
import type { UseCases } from '../application/use-cases.js';
import { storageUnavailable, validationError } from '../domain/errors.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { Storage } from '../ports/repositories.js';
import { TOKENS } from '../ports/tokens.js';
import { AssistantError } from './assistant-error.js';
import { makeAssistantFacade, runTask, type Assistant } from './assistant-facade.js';
import { configFromEnv, resolveConfig, type AssistantConfigInput, type ResolvedConfig } from './config.js';
import { buildContainer } from './container.js';
import { checkEmbedderAtStartup, type EmbedderMismatchHandler } from './embedder-startup-check.js';

/** Replacements for the adapters the configuration would choose (tests, custom providers). */
export interface AssistantOverrides {
  readonly storage?: Storage;
  readonly embedder?: Embedder | null;
  readonly answerGenerator?: AnswerGenerator;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Where the library reports failures it recovers from (default: warnings and errors on stderr). */
  readonly logger?: Logger;
  /** Told at start-up when stored vectors come from another embedder (default: console.warn; null: silent). */
  readonly onEmbedderMismatch?: EmbedderMismatchHandler;
}

const describeCause = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Adapters are imported on demand, so an in-memory assistant never loads the PostgreSQL driver. */
const openStorage = async (config: ResolvedConfig['storage']): Promise<Storage> => {
  try {
    if (config.kind === 'sqljs') {
      const { createSqlJsStorage } = await import('../../adapters/sqljs/index.js');
      return await createSqlJsStorage({ file: config.file ?? null });
    }
    const { createPostgresStorage } = await import('../../adapters/postgres/index.js');
    return await createPostgresStorage({
      connectionString: config.url,
      poolSize: config.poolSize,
      connectTimeoutMs: config.connectTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      schema: config.schema,
      hnswEfSearch: config.hnswEfSearch,
      preparedStatements: config.preparedStatements,
    });
  } catch (e) {
    throw new AssistantError(storageUnavailable(`cannot open ${config.kind} storage: ${describeCause(e)}`));
  }
};

/** Provider factories check their settings eagerly; a RangeError becomes a ValidationError naming the setting. */
const guarded = <A>(path: string, build: () => A): A => {
  try {
    return build();
  } catch (e) {
    throw new AssistantError(validationError([{ path, message: describeCause(e) }]));
  }
};

const makeEmbedder = (config: ResolvedConfig['embedder']): Embedder | null => {
  switch (config.kind) {
    case 'offline':
      return createOfflineEmbedder();
    case 'none':
      return null;
    case 'openai-compatible':
      return guarded('embedder', () =>
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
      );
  }
};

const makeAnswerGenerator = (config: ResolvedConfig['answerGenerator']): AnswerGenerator =>
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
      );

/**
 * Builds an assistant from a configuration object (every field optional: sql.js in
 * memory, the offline embedder and no AI model by default), creating the schema unless
 * `migrate: false`. Rejects with an `AssistantError` (`ValidationError` naming the
 * setting, or `StorageUnavailable`).
 */
export const createAssistant = async (
  config: AssistantConfigInput = {},
  overrides: AssistantOverrides = {},
): Promise<Assistant> => {
  const resolved = resolveConfig(config);
  if (E.isLeft(resolved)) throw new AssistantError(resolved.left);
  const c = resolved.right;
  const embedder = overrides.embedder !== undefined ? overrides.embedder : makeEmbedder(c.embedder);
  const answerGenerator = overrides.answerGenerator ?? makeAnswerGenerator(c.answerGenerator);
  const storage = overrides.storage ?? (await openStorage(c.storage));
  const container = buildContainer({
    storage,
    embedder,
    answerGenerator,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    settings: c.settings,
  });
  const useCases = container.get<UseCases>(TOKENS.UseCases);
  if (c.migrate) {
    try {
      await runTask(useCases.createTables());
    } catch (e) {
      await storage.close();
      throw e;
    }
  }
  await checkEmbedderAtStartup(useCases, overrides.onEmbedderMismatch);
  return makeAssistantFacade(useCases, storage.kind, () => storage.close());
};

/** `createAssistant` configured from environment variables (DATABASE_URL and friends). */
export const createAssistantFromEnv = async (
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: AssistantOverrides = {},
): Promise<Assistant> => {
  const config = configFromEnv(env);
  if (E.isLeft(config)) throw new AssistantError(config.left);
  return createAssistant(config.right, overrides);
};
