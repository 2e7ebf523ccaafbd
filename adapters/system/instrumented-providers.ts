import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { AnswerGenerator, GenerationOptions } from '../../src/ports/answer-generator.js';
import type { Embedder } from '../../src/ports/embedder.js';
import type { Logger } from '../../src/ports/logger.js';
import type { ProviderKind, ProviderOutcome, Telemetry } from '../../src/ports/telemetry.js';

/** What the decorators report to: the library's logger, the host's telemetry, the host's stop signal. */
export interface ProviderInstrumentation {
  readonly logger: Logger;
  readonly telemetry?: Telemetry | null;
  /**
   * Once aborted, every provider call in flight is cancelled and new ones end at once as
   * cancelled: a host's shutdown deadline, so no provider call outlives the process.
   */
  readonly stopSignal?: AbortSignal | null;
  /** Milliseconds for durations (performance.now by default). */
  readonly now?: () => number;
}

const MESSAGES: Record<ProviderKind, string> = {
  'answer-generator': 'AI answer generation failed; the visitor gets the hand-off message',
  embedder: 'embedding failed; search falls back to text and new entries are kept without a vector',
};

/**
 * Times one provider call and reports it: a failure is logged at warn level with its
 * cause (the adapters' messages name the endpoint, never the key), a cancellation at
 * info, and every call goes to the telemetry. The call's own result is returned as it is.
 */
const observed = <L extends { readonly message: string }, A>(
  provider: ProviderKind,
  instrumentation: ProviderInstrumentation,
  cancelled: () => boolean,
  call: TaskEither<L, A>,
): TaskEither<L, A> => {
  const now = instrumentation.now ?? (() => performance.now());
  return async () => {
    const started = now();
    const result = await call();
    const durationMs = now() - started;
    const outcome: ProviderOutcome = E.isRight(result) ? 'ok' : cancelled() ? 'cancelled' : 'failed';
    if (E.isLeft(result)) {
      const fields = { provider, outcome, durationMs: Math.round(durationMs), cause: result.left.message };
      if (outcome === 'cancelled') instrumentation.logger.info(fields, `${provider} call cancelled`);
      else instrumentation.logger.warn(fields, MESSAGES[provider]);
    }
    try {
      instrumentation.telemetry?.providerCall({ provider, outcome, durationMs });
    } catch {
      // a metrics failure must never change a visitor's answer
    }
    return result;
  };
};

/** The caller's signal and the host's stop signal as one (either aborts the call). */
const combinedSignal = (
  own: AbortSignal | undefined,
  stop: AbortSignal | null | undefined,
): AbortSignal | undefined => {
  if (!stop) return own;
  if (!own) return stop;
  return AbortSignal.any([own, stop]);
};

/** An AnswerGenerator whose calls are timed, logged when they fail and cancelled by the host's stop signal. */
export const instrumentAnswerGenerator = (
  generator: AnswerGenerator,
  instrumentation: ProviderInstrumentation,
): AnswerGenerator => ({
  generate: (request, options: GenerationOptions = {}) => {
    const signal = combinedSignal(options.signal, instrumentation.stopSignal);
    return observed(
      'answer-generator',
      instrumentation,
      () => signal?.aborted === true,
      generator.generate(request, { ...options, ...(signal ? { signal } : {}) }),
    );
  },
});

/**
 * An Embedder whose calls are timed and logged when they fail. The Embedder port takes
 * no signal (an embedding is short and its result is kept), so the stop signal does not
 * reach it.
 */
export const instrumentEmbedder = (embedder: Embedder, instrumentation: ProviderInstrumentation): Embedder => ({
  model: embedder.model,
  dimensions: embedder.dimensions,
  embed: (texts) => observed('embedder', instrumentation, () => false, embedder.embed(texts)),
});
