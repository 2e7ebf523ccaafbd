import type { BusinessHours, WidgetPosition } from '../codecs.js';
import type { WidgetLanguage } from '../widget-language.js';

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
  /** The language of the widget's own texts; the profile's texts are written in it too. */
  readonly language: WidgetLanguage;
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
  readonly language?: WidgetLanguage;
}
