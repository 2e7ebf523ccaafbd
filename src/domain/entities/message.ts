import type { Role } from '../codecs.js';

/**
 * Where an assistant reply came from: a knowledge-base entry, the AI model, a hand-off
 * text, the welcome text, or the text stored when the FAQ search itself failed
 * (`search_failed`: a failure, not a miss; docs/reliability.md).
 */
export const ANSWER_SOURCES = ['faq', 'ai', 'handoff', 'welcome', 'search_failed'] as const;
/** One of `ANSWER_SOURCES`: faq, ai, handoff, welcome, search_failed. */
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/** One message of a dialogue (table `messages`). */
export interface Message {
  readonly id: number;
  readonly sessionId: number;
  readonly role: Role;
  readonly content: string;
  readonly timestamp: Date;
  /** Tokens the AI model spent on this message, for analytics. */
  readonly tokensUsed: number | null;
  readonly source: AnswerSource | null;
  /** The knowledge-base entry an FAQ answer was taken from. */
  readonly knowledgeId: number | null;
  /** Idempotency key supplied by the client: a retried message with the same key is stored once. */
  readonly clientMessageId: string | null;
}
