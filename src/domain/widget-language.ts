import * as t from 'io-ts';

/**
 * The languages the chat widget has its own texts in (buttons, status line, errors). A
 * profile names one, so the widget's fixed texts match the shop's own (welcome message,
 * placeholder), which the profile holds in that language.
 */
export const WIDGET_LANGUAGES = ['ru', 'en'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

/** What a profile without a stored language speaks: the widget's texts were Russian before profiles had one. */
export const DEFAULT_WIDGET_LANGUAGE: WidgetLanguage = 'ru';

const isWidgetLanguage = (u: unknown): u is WidgetLanguage =>
  typeof u === 'string' && (WIDGET_LANGUAGES as ReadonlyArray<string>).includes(u);

/** Validates a `WidgetLanguage`; the failure lists the languages there are. */
export const WidgetLanguage = new t.Type<WidgetLanguage, string, unknown>(
  'WidgetLanguage',
  isWidgetLanguage,
  (u, c) => (isWidgetLanguage(u) ? t.success(u) : t.failure(u, c, `must be one of: ${WIDGET_LANGUAGES.join(', ')}`)),
  (a) => a,
);
