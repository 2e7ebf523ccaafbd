import { Container } from 'inversify';
import type { AssistantSettings } from '../application/settings.js';
import { makeUseCases, type UseCases } from '../application/use-cases.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Repositories, SchemaManager, Storage, UnitOfWork } from '../ports/repositories.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import type { Logger } from '../ports/logger.js';
import { consoleLogger } from '../../adapters/system/console-logger.js';
import { defaultTextAnalyzer } from '../../adapters/text/index.js';
import { TOKENS } from '../ports/tokens.js';

/** The ready-made adapters and settings that `buildContainer` wires to the use-cases. */
export interface ContainerParts {
  readonly storage: Storage;
  /** Wrapped so "no embedder" is a value the container can hold. */
  readonly embedder: Embedder | null;
  readonly answerGenerator: AnswerGenerator;
  /** Default: the library's Russian and English analyser (adapters/text). */
  readonly textAnalyzer?: TextAnalyzer;
  /** Default: warnings and errors on stderr (adapters/system/console-logger). */
  readonly logger?: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: AssistantSettings;
}

interface OptionalEmbedder {
  readonly embedder: Embedder | null;
}

/**
 * The Inversify container: adapters as constants (async resources are created before
 * it), the use-cases resolved from their ports. The only place ports meet adapters.
 */
export const buildContainer = (parts: ContainerParts): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<Storage>(TOKENS.Storage).toConstantValue(parts.storage);
  container.bind<Repositories>(TOKENS.Repositories).toResolvedValue((s: Storage) => s.repositories, [TOKENS.Storage]);
  container.bind<UnitOfWork>(TOKENS.UnitOfWork).toResolvedValue((s: Storage) => s.unitOfWork, [TOKENS.Storage]);
  container.bind<SchemaManager>(TOKENS.SchemaManager).toResolvedValue((s: Storage) => s.schema, [TOKENS.Storage]);
  container.bind<OptionalEmbedder>(TOKENS.Embedder).toConstantValue({ embedder: parts.embedder });
  container.bind<AnswerGenerator>(TOKENS.AnswerGenerator).toConstantValue(parts.answerGenerator);
  container.bind<TextAnalyzer>(TOKENS.TextAnalyzer).toConstantValue(parts.textAnalyzer ?? defaultTextAnalyzer);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(parts.logger ?? consoleLogger);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(parts.clock);
  container.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(parts.ids);
  container.bind<AssistantSettings>(TOKENS.AssistantSettings).toConstantValue(parts.settings);
  container.bind<UseCases>(TOKENS.UseCases).toResolvedValue(
    (
      repositories: Repositories,
      unitOfWork: UnitOfWork,
      schema: SchemaManager,
      embedder: OptionalEmbedder,
      answerGenerator: AnswerGenerator,
      textAnalyzer: TextAnalyzer,
      logger: Logger,
      clock: Clock,
      ids: IdGenerator,
      settings: AssistantSettings,
    ) =>
      makeUseCases({
        repositories,
        unitOfWork,
        schema,
        embedder: embedder.embedder,
        answerGenerator,
        textAnalyzer,
        logger,
        clock,
        ids,
        settings,
      }),
    [
      TOKENS.Repositories,
      TOKENS.UnitOfWork,
      TOKENS.SchemaManager,
      TOKENS.Embedder,
      TOKENS.AnswerGenerator,
      TOKENS.TextAnalyzer,
      TOKENS.Logger,
      TOKENS.Clock,
      TOKENS.IdGenerator,
      TOKENS.AssistantSettings,
    ],
  );
  return container;
};
