/** What an operator account may do: answer chats, or also manage operators and the shop's settings. */
export type OperatorRole = 'operator' | 'admin';

/** A person who answers chats in the inbox (table `operators`), created by an admin. */
export interface Operator {
  readonly id: number;
  /** Shown to visitors when the operator joins a chat. */
  readonly name: string;
  /** Login; unique in any letter case. */
  readonly email: string;
  readonly role: OperatorRole;
  /** A deactivated operator cannot log in; their past messages keep their name. */
  readonly isActive: boolean;
  readonly createdAt: Date;
  /** Last heartbeat of an open inbox: presence (online when recent). */
  readonly lastSeenAt: Date | null;
}
