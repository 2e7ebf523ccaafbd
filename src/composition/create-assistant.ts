import * as E from 'fp-ts/lib/Either.js';
import { Container, ContainerModule } from 'inversify';
import type { UseCases } from '../application/use-cases.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { Storage } from '../ports/repositories.js';
import type { Telemetry } from '../ports/telemetry.js';
import { TOKENS } from '../ports/tokens.js';
import { adapterModules } from './adapter-modules.js';
import { AssistantError } from './assistant-error.js';
import { makeAssistantFacade, runTask, type Assistant } from './assistant-facade.js';
import { configFromEnv, resolveConfig, type AssistantConfigInput } from './config.js';
import { systemModule, useCasesModule, type OptionalEmbedder } from './container.js';
import { checkEmbedderAtStartup, type EmbedderMismatchHandler } from './embedder-startup-check.js';
import { providerInstrumentationModule } from './provider-instrumentation.js';

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
  /** Told of every provider call (which provider, outcome, duration), for metrics (docs/adr/0016). */
  readonly telemetry?: Telemetry;
  /** Once aborted, provider calls in flight are cancelled and new ones end at once: a host's shutdown deadline. */
  readonly providerStopSignal?: AbortSignal;
}

/** The overrides, bound over what the configuration chose. */
const overridesModule = (o: AssistantOverrides) =>
  new ContainerModule(({ rebind }) => {
    if (o.storage) rebind<Storage>(TOKENS.Storage).toConstantValue(o.storage);
    if (o.embedder !== undefined) rebind<OptionalEmbedder>(TOKENS.Embedder).toConstantValue({ embedder: o.embedder });
    if (o.answerGenerator) rebind<AnswerGenerator>(TOKENS.AnswerGenerator).toConstantValue(o.answerGenerator);
    if (o.clock) rebind<Clock>(TOKENS.Clock).toConstantValue(o.clock);
    if (o.ids) rebind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(o.ids);
    if (o.logger) rebind<Logger>(TOKENS.Logger).toConstantValue(o.logger);
  });

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
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    ...adapterModules(c),
    systemModule,
    useCasesModule(c.settings),
    overridesModule(overrides),
    providerInstrumentationModule(overrides),
  );
  // the providers first: a bad provider setting must not leave a pool open
  await container.getAsync<OptionalEmbedder>(TOKENS.Embedder);
  await container.getAsync<AnswerGenerator>(TOKENS.AnswerGenerator);
  const storage = await container.getAsync<Storage>(TOKENS.Storage);
  const useCases = await container.getAsync<UseCases>(TOKENS.UseCases);
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
