import * as E from 'fp-ts/lib/Either.js';
import type { WidgetSettings } from '../../src/domain/entities/widget-profile.js';
import { DEFAULT_WIDGET_LANGUAGE } from '../../src/domain/widget-language.js';
import type { WidgetProfiles } from '../../src/ports/widget-profiles.js';
import type { Executor } from './executor.js';
import { sqlBoolean, sqlDate, toWidgetProfile } from './row-mappers.js';
import type { SqlParam } from './sql-database.js';

/** Each settable field with its column and how it is stored. */
const COLUMNS: ReadonlyArray<readonly [keyof WidgetSettings, string, (settings: WidgetSettings) => SqlParam]> = [
  ['welcomeMessage', 'welcome_message', (s) => s.welcomeMessage ?? null],
  ['placeholderText', 'placeholder_text', (s) => s.placeholderText ?? null],
  ['botName', 'bot_name', (s) => s.botName ?? null],
  ['botAvatarUrl', 'bot_avatar_url', (s) => s.botAvatarUrl ?? null],
  ['primaryColor', 'primary_color', (s) => s.primaryColor ?? null],
  ['position', 'position', (s) => s.position ?? null],
  ['autoOpenDelay', 'auto_open_delay', (s) => s.autoOpenDelay ?? null],
  ['offlineMessage', 'offline_message', (s) => s.offlineMessage ?? null],
  ['isActive', 'is_active', (s) => sqlBoolean(s.isActive ?? true)],
  ['businessHours', 'business_hours', (s) => (s.businessHours == null ? null : JSON.stringify(s.businessHours))],
  ['language', 'language', (s) => s.language ?? DEFAULT_WIDGET_LANGUAGE],
];

export const createWidgetProfilesRepository = (executor: Executor): WidgetProfiles => ({
  findByName: (name) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM chat_widget WHERE name = ?', [name]);
      return E.right(row ? toWidgetProfile(row) : null);
    }),

  upsert: (name, settings, now) =>
    executor.write((db) => {
      // `undefined` keeps the stored value, `null` clears it: only given keys reach the UPDATE
      const given = COLUMNS.filter(([key]) => settings[key] !== undefined);
      const updates = [
        ...given.map(([, column]) => `${column} = excluded.${column}`),
        'updated_at = excluded.updated_at',
      ];
      const row = db.get(
        `INSERT INTO chat_widget (name, ${COLUMNS.map(([, column]) => column).join(', ')}, created_at, updated_at)
         VALUES (?, ${COLUMNS.map(() => '?').join(', ')}, ?, ?)
         ON CONFLICT (name) DO UPDATE SET ${updates.join(', ')}
         RETURNING *`,
        [name, ...COLUMNS.map(([, , toParam]) => toParam(settings)), sqlDate(now), sqlDate(now)],
      );
      if (!row) throw new Error('widget upsert returned no row');
      return E.right(toWidgetProfile(row));
    }),

  list: () => executor.read((db) => E.right(db.all('SELECT * FROM chat_widget ORDER BY name').map(toWidgetProfile))),
});
