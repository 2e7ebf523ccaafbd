import { sql, type ValueExpression } from 'slonik';
import type { WidgetSettings } from '../../src/domain/entities/widget-profile.js';
import type { WidgetProfiles } from '../../src/ports/widget-profiles.js';
import { toWidgetProfile, WIDGET_COLUMNS, WidgetRow } from './row-schemas.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageValue, type QueryTarget } from './storage-task.js';

/** Settable fields and their columns: the fixed whitelist every column name comes from. */
const SETTING_COLUMNS = {
  welcomeMessage: 'welcome_message',
  placeholderText: 'placeholder_text',
  botName: 'bot_name',
  botAvatarUrl: 'bot_avatar_url',
  primaryColor: 'primary_color',
  position: 'position',
  autoOpenDelay: 'auto_open_delay',
  offlineMessage: 'offline_message',
  isActive: 'is_active',
  businessHours: 'business_hours',
  language: 'language',
} as const satisfies Record<keyof WidgetSettings, string>;

const givenSettings = (settings: WidgetSettings) =>
  (Object.keys(SETTING_COLUMNS) as Array<keyof WidgetSettings>)
    .filter((field) => settings[field] !== undefined)
    .map((field) => {
      const value = settings[field];
      const parameter: ValueExpression =
        field === 'businessHours'
          ? value === null
            ? null
            : sql.jsonb(settings.businessHours ?? null)
          : (value as string | number | boolean | null);
      return { column: sql.identifier([SETTING_COLUMNS[field]]), parameter };
    });

export const createWidgetProfilesRepository = (target: QueryTarget): WidgetProfiles => {
  const { connection } = target;
  return {
    findByName: (name) =>
      storageValue(target, async () => {
        const rows = parseRows(
          WidgetRow,
          await connection.any(sql.type(WidgetRow)`
          SELECT ${WIDGET_COLUMNS} FROM chat_widget WHERE name = ${name}`),
        );
        return rows[0] ? toWidgetProfile(rows[0]) : null;
      }),

    // Insert-or-update in one statement; only the given columns appear in the SET list,
    // so an update never overwrites a field the caller did not mention.
    upsert: (name, settings, now) =>
      storageValue(target, async () => {
        const given = givenSettings(settings);
        const columns = [
          sql.identifier(['name']),
          ...given.map((g) => g.column),
          sql.identifier(['created_at']),
          sql.identifier(['updated_at']),
        ];
        const values = [
          sql.fragment`${name}`,
          ...given.map((g) => sql.fragment`${g.parameter}`),
          timestamptz(now),
          timestamptz(now),
        ];
        const updates = [
          ...given.map((g) => sql.fragment`${g.column} = EXCLUDED.${g.column}`),
          sql.fragment`updated_at = EXCLUDED.updated_at`,
        ];
        const row = await connection.one(sql.type(WidgetRow)`
          INSERT INTO chat_widget (${sql.join(columns, sql.fragment`, `)})
          VALUES (${sql.join(values, sql.fragment`, `)})
          ON CONFLICT (name) DO UPDATE SET ${sql.join(updates, sql.fragment`, `)}
          RETURNING ${WIDGET_COLUMNS}`);
        return toWidgetProfile(parseRow(WidgetRow, row));
      }),

    list: () =>
      storageValue(target, async () =>
        parseRows(
          WidgetRow,
          await connection.any(sql.type(WidgetRow)`
          SELECT ${WIDGET_COLUMNS} FROM chat_widget ORDER BY name COLLATE "C"`),
        ).map(toWidgetProfile),
      ),
  };
};
