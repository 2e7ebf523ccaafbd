import type { Message } from '../domain/entities/message.js';
import type { StorageTask } from './storage-result.js';

/** What to read for an AI answer: the agent settings and the end of the dialogue up to the question. */
export interface AnswerContextQuery {
  /** Context keys to read (the system prompt, model and temperature). */
  readonly keys: ReadonlyArray<string>;
  readonly sessionId: number;
  /** The message being answered: the conversation ends with it; messages after it (by timestamp, then id) are left out. */
  readonly upTo: Pick<Message, 'id' | 'timestamp'>;
  /** At most this many messages: the most recent ones up to `upTo`. */
  readonly window: number;
}

/** The agent settings and the dialogue an AI answer is asked with. */
export interface AnswerContext {
  /** The value of each requested key that is set; keys not set are absent. */
  readonly values: Readonly<Record<string, string>>;
  /** Oldest first: by timestamp, then id, as `Messages.listBySession` orders them. */
  readonly conversation: ReadonlyArray<Message>;
}

/**
 * A read across `context` and `messages` for ProcessMessage's AI path, so that asking
 * the model costs one storage call (one statement on PostgreSQL) instead of one per key
 * plus the whole session's messages.
 */
export interface AnswerContextReader {
  /** The requested keys' values and the conversation up to `query.upTo`, in one read (one consistent snapshot). */
  load(query: AnswerContextQuery): StorageTask<AnswerContext>;
}
