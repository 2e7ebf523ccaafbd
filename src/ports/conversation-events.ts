/**
 * What a follower of conversations must re-read. Notifications carry ids only: the
 * storage is the truth, so a follower re-reads what changed (messages after the last one
 * it has seen), and a notification that arrives twice, or for a change it already has,
 * costs a read and nothing else.
 */
export type ConversationChange =
  /** A message was stored in this session (a question, a reply, an operator's message or a change of who answers). */
  | { readonly kind: 'session'; readonly sessionId: number }
  /** Notifications may have been missed (the bus reconnected): re-read everything followed. */
  | { readonly kind: 'resync' };

/** Called for each change; must not throw (a throwing listener is dropped from that delivery only). */
export type ConversationListener = (change: ConversationChange) => void;

/**
 * Change notifications of one storage: every message stored through it, in this process
 * and, on PostgreSQL, by every process on the same database (LISTEN/NOTIFY). Delivery is
 * at least once after the write commits, never before; after a gap (a lost connection)
 * a `resync` is delivered instead of the changes that were missed.
 */
export interface ConversationEvents {
  /** Delivers every change from now on to `listener`; returns the function that stops it. */
  subscribe(listener: ConversationListener): () => void;
}
