import type { WidgetProfile, WidgetSettings } from '../domain/entities/widget-profile.js';
import type { StorageTask } from './storage-result.js';

/** The `chat_widget` collection: one row per named profile. */
export interface WidgetProfiles {
  /** The profile with exactly this name, or null when absent. */
  findByName(name: string): StorageTask<WidgetProfile | null>;
  /**
   * Creates the profile (active by default, other fields null) or changes only the given
   * fields of an existing one, in one atomic statement.
   */
  upsert(name: string, settings: WidgetSettings, now: Date): StorageTask<WidgetProfile>;
  /** All profiles by name. */
  list(): StorageTask<ReadonlyArray<WidgetProfile>>;
}
