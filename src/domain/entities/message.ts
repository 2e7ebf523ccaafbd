import type { Role } from '../codecs.js';

/**
 * Where a message came from: a knowledge-base entry, the AI model, a hand-off text, the
 * welcome text, the text stored when the FAQ search itself failed (`search_failed`: a
 * failure, not a miss; docs/reliability.md), an operator's reply (`operator`), or a change
 * of who answers the chat (`state`: a `system` message whose content is the new handling,
 * `waiting`, `operator` or `bot`, or `ended`; see docs/inbox.md).
 */
export const ANSWER_SOURCES = ['faq', 'ai', 'handoff', 'welcome', 'search_failed', 'operator', 'state'] as const;
/** One of `ANSWER_SOURCES`: faq, ai, handoff, welcome, search_failed, operator, state. */
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
  /** The operator who wrote it (source `operator`), or whose joining or leaving it records (source `state`). */
  readonly operatorId: number | null;
  /** The FAQ entries an AI answer was grounded on, best first; empty otherwise. */
  readonly groundingIds: ReadonlyArray<number>;
}

/** Whether a message records a change of who answers the chat rather than saying something. */
export const isStateChange = (message: Pick<Message, 'source'>): boolean => message.source === 'state';
