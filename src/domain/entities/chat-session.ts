/** One dialogue (table `sessions`), owned by a visitor, a user, or both after conversion. */
export interface ChatSession {
  readonly id: number;
  readonly visitorId: number | null;
  readonly userId: number | null;
  /** Unguessable public id used by the external API. */
  readonly sessionUuid: string;
  readonly title: string | null;
  readonly pageUrl: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly endedAt: Date | null;
  readonly isActive: boolean;
  /** 1..5, set when the chat ends. */
  readonly satisfactionRating: number | null;
}
