import { isStateChange, type Message } from './entities/message.js';

/** The analytics of the specification's example 3 (`get_session_analytics`). */
export interface SessionStats {
  readonly totalMessages: number;
  readonly userMessagesCount: number;
  readonly assistantMessagesCount: number;
  readonly systemMessagesCount: number;
  readonly totalTokens: number;
  /** Seconds between the first and last message; null with fewer than two messages. */
  readonly durationSeconds: number | null;
  readonly firstMessage: Date | null;
  readonly lastMessage: Date | null;
}

/**
 * Statistics of a dialogue from its messages in chronological order. Only messages that
 * say something count: the `state` messages recording who answers the chat are left out.
 */
export const sessionStats = (stored: ReadonlyArray<Message>): SessionStats => {
  const messages = stored.filter((m) => !isStateChange(m));
  const count = (role: Message['role']) => messages.filter((m) => m.role === role).length;
  const first = messages[0];
  const last = messages[messages.length - 1];
  return {
    totalMessages: messages.length,
    userMessagesCount: count('user'),
    assistantMessagesCount: count('assistant'),
    systemMessagesCount: count('system'),
    totalTokens: messages.reduce((sum, m) => sum + (m.tokensUsed ?? 0), 0),
    durationSeconds:
      messages.length > 1 && first && last ? (last.timestamp.getTime() - first.timestamp.getTime()) / 1000 : null,
    firstMessage: first?.timestamp ?? null,
    lastMessage: last?.timestamp ?? null,
  };
};
