import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import {
  AutoOpenDelay,
  BusinessHours,
  closedStruct,
  HexColor,
  HttpsUrl,
  LongText,
  nullable,
  ProfileName,
  struct,
  text,
  WidgetPosition,
} from '../domain/codecs.js';
import type { WidgetProfile } from '../domain/entities/widget-profile.js';
import { WidgetLanguage } from '../domain/widget-language.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { WidgetProfiles } from '../ports/widget-profiles.js';
import { decodeInput } from './decode-input.js';

export const GetWidgetSettingsInput = struct('GetWidgetSettingsInput', {}, { name: ProfileName });

export const WidgetSettingsFields = {
  welcomeMessage: nullable(LongText),
  placeholderText: nullable(text(255)),
  botName: nullable(text(100)),
  botAvatarUrl: nullable(HttpsUrl),
  primaryColor: nullable(HexColor),
  position: nullable(WidgetPosition),
  autoOpenDelay: nullable(AutoOpenDelay),
  offlineMessage: nullable(LongText),
  isActive: t.boolean,
  businessHours: nullable(BusinessHours),
  language: WidgetLanguage,
};
/**
 * A misspelt setting is refused, not dropped; the profile's read-only fields are accepted
 * and ignored, so a profile that was read can be sent back changed.
 */
export const UpdateWidgetSettingsInput = closedStruct(
  'UpdateWidgetSettingsInput',
  { name: ProfileName },
  WidgetSettingsFields,
  ['id', 'createdAt', 'updatedAt'],
);
export type UpdateWidgetSettingsInput = t.TypeOf<typeof UpdateWidgetSettingsInput>;

/** The specification's `get_widget_settings(name)` (default profile `default`); null when absent. */
export const makeGetWidgetSettings =
  (deps: { widgets: WidgetProfiles; defaultProfile: string }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, WidgetProfile | null> =>
    pipe(
      decodeInput(GetWidgetSettingsInput, input ?? {}),
      TE.flatMap((i) => deps.widgets.findByName(i.name ?? deps.defaultProfile)),
    );

/**
 * The specification's `update_widget_settings(name, **fields)`: creates the profile when
 * it does not exist, otherwise changes only the fields given (null clears one).
 */
export const makeUpdateWidgetSettings =
  (deps: { widgets: WidgetProfiles; clock: Clock }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, WidgetProfile> =>
    pipe(
      decodeInput(UpdateWidgetSettingsInput, input),
      TE.flatMap(({ name, ...settings }) => deps.widgets.upsert(name, settings, deps.clock.now())),
    );

/** Every widget profile, by name. */
export const makeListWidgetProfiles =
  (deps: { widgets: WidgetProfiles }) => (): TE.TaskEither<StorageUnavailable, ReadonlyArray<WidgetProfile>> =>
    deps.widgets.list();
