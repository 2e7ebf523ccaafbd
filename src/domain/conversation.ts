/**
 * Who answers a chat. `bot`: the FAQ and the AI model answer. `waiting`: the visitor asked
 * for a person (or the bot had no answer) and the chat is in the operators' queue; the
 * bot stays quiet. `operator`: an operator took the chat and answers it; the bot stays
 * quiet until the operator hands it back. An ended chat keeps the handling it ended with.
 */
export type Handling = 'bot' | 'waiting' | 'operator';

export const HANDLINGS_TUPLE = ['bot', 'waiting', 'operator'] as const;
export const HANDLINGS: ReadonlyArray<Handling> = HANDLINGS_TUPLE;

/** Whether the bot answers the visitor's messages in this state. */
export const botAnswers = (handling: Handling): boolean => handling === 'bot';

/** How long operators count as online after their inbox's last heartbeat (it beats every 15 s). */
export const PRESENCE_WINDOW_MS = 45_000;

/** The instant before which a heartbeat no longer makes an operator online. */
export const onlineSince = (now: Date): Date => new Date(now.getTime() - PRESENCE_WINDOW_MS);

/**
 * A chat's hand-off figures, in seconds: how long the visitor waited until an operator
 * took the chat, and until an operator's first reply, both from the first hand-off.
 * Null when it did not happen (never handed off, never taken, no reply yet).
 */
export interface HandoffFigures {
  readonly waitSeconds: number | null;
  readonly firstResponseSeconds: number | null;
}

const secondsBetween = (from: Date | null, to: Date | null): number | null =>
  from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;

export const handoffFigures = (session: {
  readonly handoffAt: Date | null;
  readonly assignedAt: Date | null;
  readonly firstResponseAt: Date | null;
}): HandoffFigures => ({
  waitSeconds: secondsBetween(session.handoffAt, session.assignedAt),
  firstResponseSeconds: secondsBetween(session.handoffAt, session.firstResponseAt),
});
