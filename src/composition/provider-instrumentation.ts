import { ContainerModule } from 'inversify';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { instrumentAnswerGenerator, instrumentEmbedder } from '../../adapters/system/instrumented-providers.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Logger } from '../ports/logger.js';
import type { Telemetry } from '../ports/telemetry.js';
import { TOKENS } from '../ports/tokens.js';
import type { OptionalEmbedder } from './container.js';

export interface ProviderInstrumentationOptions {
  readonly telemetry?: Telemetry;
  readonly providerStopSignal?: AbortSignal;
}

/**
 * Wraps whatever answer generator and embedder get bound (chosen by the configuration or
 * given as overrides) when they are first resolved: every call is timed for the
 * telemetry, a failure is logged through the Logger port with its cause, and the host's
 * stop signal cancels calls in flight (docs/adr/0016). "No AI model" declines by design
 * and is left alone, so it logs nothing.
 */
export const providerInstrumentationModule = (options: ProviderInstrumentationOptions) =>
  new ContainerModule(({ onActivation }) => {
    const instrumentation = (logger: Logger) => ({
      logger,
      telemetry: options.telemetry ?? null,
      stopSignal: options.providerStopSignal ?? null,
    });
    onActivation<AnswerGenerator>(TOKENS.AnswerGenerator, (context, generator) =>
      generator === noAnswerGenerator
        ? generator
        : instrumentAnswerGenerator(generator, instrumentation(context.get<Logger>(TOKENS.Logger))),
    );
    onActivation<OptionalEmbedder>(TOKENS.Embedder, (context, bound) =>
      bound.embedder === null
        ? bound
        : { embedder: instrumentEmbedder(bound.embedder, instrumentation(context.get<Logger>(TOKENS.Logger))) },
    );
  });
