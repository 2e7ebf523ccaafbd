import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { Role } from '../domain/codecs.js';
import type { AnswerGenerationFailed } from '../domain/errors.js';

export interface ConversationTurn {
  readonly role: Role;
  readonly content: string;
}

export interface AnswerRequest {
  /** From the agent context (`system_prompt`). */
  readonly systemPrompt: string | null;
  /** From the agent context (`ai_model`); null for the generator's default. */
  readonly model: string | null;
  /** From the agent context (`ai_temperature`); null for the generator's default. */
  readonly temperature: number | null;
  /** The dialogue so far, oldest first, ending with the visitor's question. */
  readonly conversation: ReadonlyArray<ConversationTurn>;
}

export interface GeneratedAnswer {
  readonly content: string;
  readonly tokensUsed: number | null;
}

/** An AI model that answers when the FAQ has no confident answer. */
export interface AnswerGenerator {
  generate(request: AnswerRequest): TaskEither<AnswerGenerationFailed, GeneratedAnswer>;
}
