import { Container, ContainerModule } from 'inversify';
import { defaultTextAnalyzer } from '../../adapters/text/index.js';
import { argon2Credentials } from '../../adapters/system/argon2-credentials.js';
import { consoleLogger } from '../../adapters/system/console-logger.js';
import { randomIds } from '../../adapters/system/random-ids.js';
import { systemClock } from '../../adapters/system/system-clock.js';
import type { AssistantSettings } from '../application/settings.js';
import { makeUseCases, type UseCases } from '../application/use-cases.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Credentials } from '../ports/credentials.js';
import type { Logger } from '../ports/logger.js';
import type { Repositories, SchemaManager, Storage, UnitOfWork } from '../ports/repositories.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import { TOKENS } from '../ports/tokens.js';

/** "No embedder" as a value the container can hold. */
export interface OptionalEmbedder {
  readonly embedder: Embedder | null;
}

/** The machine's clock and random ids, the library's text analyser and logger. */
export const systemModule = new ContainerModule(({ bind }) => {
  bind<Clock>(TOKENS.Clock).toConstantValue(systemClock);
  bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(randomIds);
  bind<Logger>(TOKENS.Logger).toConstantValue(consoleLogger);
  bind<TextAnalyzer>(TOKENS.TextAnalyzer).toConstantValue(defaultTextAnalyzer);
  bind<Credentials>(TOKENS.Credentials).toConstantValue(argon2Credentials);
});

/** The use-cases, resolved from the ports whatever adapters fill them: the only place ports meet adapters. */
export const useCasesModule = (settings: AssistantSettings) =>
  new ContainerModule(({ bind }) => {
    bind<AssistantSettings>(TOKENS.AssistantSettings).toConstantValue(settings);
    bind<Repositories>(TOKENS.Repositories).toResolvedValue((s: Storage) => s.repositories, [TOKENS.Storage]);
    bind<UnitOfWork>(TOKENS.UnitOfWork).toResolvedValue((s: Storage) => s.unitOfWork, [TOKENS.Storage]);
    bind<SchemaManager>(TOKENS.SchemaManager).toResolvedValue((s: Storage) => s.schema, [TOKENS.Storage]);
    bind<UseCases>(TOKENS.UseCases).toResolvedValue(
      (
        repositories: Repositories,
        unitOfWork: UnitOfWork,
        schema: SchemaManager,
        embedder: OptionalEmbedder,
        answerGenerator: AnswerGenerator,
        textAnalyzer: TextAnalyzer,
        logger: Logger,
        credentials: Credentials,
        clock: Clock,
        ids: IdGenerator,
        resolvedSettings: AssistantSettings,
      ) =>
        makeUseCases({
          repositories,
          unitOfWork,
          schema,
          embedder: embedder.embedder,
          answerGenerator,
          textAnalyzer,
          logger,
          credentials,
          clock,
          ids,
          settings: resolvedSettings,
        }),
      [
        TOKENS.Repositories,
        TOKENS.UnitOfWork,
        TOKENS.SchemaManager,
        TOKENS.Embedder,
        TOKENS.AnswerGenerator,
        TOKENS.TextAnalyzer,
        TOKENS.Logger,
        TOKENS.Credentials,
        TOKENS.Clock,
        TOKENS.IdGenerator,
        TOKENS.AssistantSettings,
      ],
    );
  });

/** Ready-made adapters for `buildContainer` (a host that builds its own). */
export interface ContainerParts {
  readonly storage: Storage;
  readonly embedder: Embedder | null;
  readonly answerGenerator: AnswerGenerator;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Default: the library's Russian and English analyser (adapters/text). */
  readonly textAnalyzer?: TextAnalyzer;
  /** Default: warnings and errors on stderr (adapters/system/console-logger). */
  readonly logger?: Logger;
  readonly settings: AssistantSettings;
}

/** A container over adapters the host built itself; `get<UseCases>(TOKENS.UseCases)` resolves synchronously. */
export const buildContainer = (parts: ContainerParts): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    systemModule,
    useCasesModule(parts.settings),
    new ContainerModule(({ bind, rebind }) => {
      bind<Storage>(TOKENS.Storage).toConstantValue(parts.storage);
      bind<OptionalEmbedder>(TOKENS.Embedder).toConstantValue({ embedder: parts.embedder });
      bind<AnswerGenerator>(TOKENS.AnswerGenerator).toConstantValue(parts.answerGenerator);
      rebind<Clock>(TOKENS.Clock).toConstantValue(parts.clock);
      rebind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(parts.ids);
      if (parts.textAnalyzer) rebind<TextAnalyzer>(TOKENS.TextAnalyzer).toConstantValue(parts.textAnalyzer);
      if (parts.logger) rebind<Logger>(TOKENS.Logger).toConstantValue(parts.logger);
    }),
  );
  return container;
};
