import type { BusinessHours, WidgetPosition } from '../codecs.js';

/** Chat widget settings for one named profile (table `chat_widget`). */
export interface WidgetProfile {
  readonly id: number;
  readonly name: string;
  readonly welcomeMessage: string | null;
  readonly placeholderText: string | null;
  readonly botName: string | null;
  readonly botAvatarUrl: string | null;
  readonly primaryColor: string | null;
  readonly position: WidgetPosition | null;
  /** Seconds before the widget opens by itself. */
  readonly autoOpenDelay: number | null;
  readonly offlineMessage: string | null;
  readonly isActive: boolean;
  readonly businessHours: BusinessHours | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The settable fields of a profile; every one optional in an update. */
export interface WidgetSettings {
  readonly welcomeMessage?: string | null;
  readonly placeholderText?: string | null;
  readonly botName?: string | null;
  readonly botAvatarUrl?: string | null;
  readonly primaryColor?: string | null;
  readonly position?: WidgetPosition | null;
  readonly autoOpenDelay?: number | null;
  readonly offlineMessage?: string | null;
  readonly isActive?: boolean;
  readonly businessHours?: BusinessHours | null;
}
