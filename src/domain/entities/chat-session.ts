import type { Handling } from '../conversation.js';

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
  /** Who answers: the bot, the operators' queue, or an operator (`operatorId`). */
  readonly handling: Handling;
  /** The operator who has the chat (handling `operator`), else null. */
  readonly operatorId: number | null;
  /** The widget profile the chat was started from (its business hours decide whether people are available). */
  readonly widgetProfile: string | null;
  /** When the current wait for a person began (handling `waiting`), else null. */
  readonly waitingSince: Date | null;
  /** The first hand-off to people, the first time an operator took the chat, the first operator reply. */
  readonly handoffAt: Date | null;
  readonly assignedAt: Date | null;
  readonly firstResponseAt: Date | null;
}
