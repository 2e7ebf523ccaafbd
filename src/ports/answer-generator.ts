import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { Role } from '../domain/codecs.js';
import type { AnswerGenerationFailed } from '../domain/errors.js';

/** One message of the dialogue as the AI model sees it. */
export interface ConversationTurn {
  readonly role: Role;
  readonly content: string;
}

/** Everything the AI model needs to answer the visitor's latest question. */
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

/** The model's reply and, when the provider reports it, how many tokens it used (else null). */
export interface GeneratedAnswer {
  readonly content: string;
  readonly tokensUsed: number | null;
}

/** An AI model that answers when the FAQ has no confident answer. */
export interface AnswerGenerator {
  /**
   * Answers the last turn of `request.conversation`. Must not throw or reject; every failure (network, HTTP status,
   * malformed reply, no model) is a Left `AnswerGenerationFailed`.
   */
  generate(request: AnswerRequest): TaskEither<AnswerGenerationFailed, GeneratedAnswer>;
}
