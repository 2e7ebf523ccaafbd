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
  /**
   * Why the model stopped, when the generator knows: `stop` (it finished) or `length` (it
   * hit the token limit, so the reply may end mid-sentence). A refusal or a content-filter
   * stop is never a GeneratedAnswer: it is a Left, so the use-case hands off.
   */
  readonly finishReason?: 'stop' | 'length' | null;
}

/** How one generation is run: cancelled with `signal`, its text reported as it is written with `onDelta`. */
export interface GenerationOptions {
  /**
   * Aborts the provider request (the visitor went away, the host is shutting down): the
   * generation then ends as a Left and no reply is stored as if it were whole.
   */
  readonly signal?: AbortSignal;
  /**
   * Called with each new piece of the reply, in order, as the model writes it (streaming
   * providers); the pieces joined are the Right's `content`. A generator that cannot
   * stream calls it once with the whole reply, or not at all. After a Left, what was
   * reported must be discarded by the caller.
   */
  readonly onDelta?: (text: string) => void;
}

/** An AI model that answers when the FAQ has no confident answer. */
export interface AnswerGenerator {
  /**
   * Answers the last turn of `request.conversation`. Must not throw or reject; every failure (network, HTTP status,
   * malformed reply, no model, a stream broken off, `options.signal` aborted) is a Left `AnswerGenerationFailed`.
   */
  generate(request: AnswerRequest, options?: GenerationOptions): TaskEither<AnswerGenerationFailed, GeneratedAnswer>;
}
