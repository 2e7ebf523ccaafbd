import * as TE from 'fp-ts/lib/TaskEither.js';
import { answerGenerationFailed } from '../../src/domain/errors.js';
import type { AnswerGenerator } from '../../src/ports/answer-generator.js';

/**
 * The offline default when no AI model is configured: it always declines, so
 * ProcessMessage stores and returns its hand-off message instead of inventing an answer.
 */
export const noAnswerGenerator: AnswerGenerator = {
  generate: () => TE.left(answerGenerationFailed('no AI model is configured')),
};
