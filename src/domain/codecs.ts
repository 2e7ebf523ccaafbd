/**
 * Value objects as io-ts codecs. Every input of every use-case is decoded once with
 * these, so a value that reaches a port is already known to be valid.
 *
 * Text rules shared by all string fields: Unicode NFC (decoding normalises), no NUL
 * characters and no lone UTF-16 surrogates (PostgreSQL rejects the first and mangles the second, SQLite accepts both;
 * rejecting them here makes both adapters answer the same input the same way).
 */
import * as t from 'io-ts';

const hasLoneSurrogate = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
};

const textProblem = (s: string, max: number, allowEmpty: boolean): string | undefined => {
  if (!allowEmpty && s.trim().length === 0) return 'must not be empty';
  if (s.length > max) return `must be at most ${max} characters`;
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (hasLoneSurrogate(s)) return 'must be well-formed Unicode text';
  return undefined;
};

/**
 * A string codec whose failure message says what is wrong. Decoding also brings the text
 * to Unicode NFC, so an "й" typed as "и" + combining breve (NFD, as some keyboards and macOS
 * file names send it) is stored, searched, compared and tokenised as the one letter it is,
 * by both storage adapters alike; the rules then judge the normalised text.
 */
const stringRule = <B extends string>(name: string, problem: (s: string) => string | undefined) =>
  new t.Type<B, string, unknown>(
    name,
    (u): u is B => typeof u === 'string' && problem(u) === undefined,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'must be a string');
      const normalised = u.normalize('NFC');
      const p = problem(normalised);
      return p === undefined ? t.success(normalised as B) : t.failure(u, c, p);
    },
    (a) => a,
  );

/** An object codec with required and optional properties; unknown properties are dropped. */
export const struct = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name);

/**
 * The context entry type of an unknown field: `decode` reads the names allowed beside it
 * from here, so each caller can spell them its own way (the HTTP API in snake_case).
 */
export class UnknownFieldType extends t.Type<never, never, unknown> {
  constructor(readonly allowed: ReadonlyArray<string>) {
    super(
      'UnknownField',
      (_u): _u is never => false,
      (u, c) => t.failure(u, c),
      (a) => a,
    );
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

type Struct<R extends t.Props, O extends t.Props> = ReturnType<typeof struct<R, O>>;

/** See `closedStruct`; `type` is the struct that validates the known properties. */
export class ClosedStructType<R extends t.Props, O extends t.Props> extends t.Type<
  t.TypeOf<Struct<R, O>>,
  t.OutputOf<Struct<R, O>>,
  unknown
> {
  constructor(
    name: string,
    readonly type: Struct<R, O>,
    accepted: ReadonlySet<string>,
    unknownField: UnknownFieldType,
  ) {
    super(
      name,
      (u): u is t.TypeOf<Struct<R, O>> => type.is(u) && Object.keys(u).every((k) => accepted.has(k)),
      (u, c) => {
        const result = type.validate(u, c);
        const unknown = isRecord(u) ? Object.keys(u).filter((k) => !accepted.has(k)) : [];
        if (unknown.length === 0 || !isRecord(u)) return result;
        const errors: t.Errors = unknown.map((key) => ({
          value: u[key],
          context: [...c, { key, type: unknownField, actual: u[key] }],
        }));
        return t.failures(result._tag === 'Left' ? [...errors, ...result.left] : errors);
      },
      type.encode,
    );
  }
}

/**
 * `struct`, but a property it does not know is a failure at that property's path instead
 * of being dropped, for inputs where a misspelt key would silently change behaviour.
 * `ignored` names keys accepted and dropped (read-only fields of the entity, so what was
 * read can be sent back).
 */
export const closedStruct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
  ignored: ReadonlyArray<string> = [],
) => {
  const allowed = [...Object.keys(required), ...Object.keys(optional)];
  return new ClosedStructType(
    name,
    struct(name, required, optional),
    new Set([...allowed, ...ignored]),
    new UnknownFieldType(allowed),
  );
};

/** Text of at most `max` characters (non-empty unless `allowEmpty`). */
export const text = (max: number, options: { allowEmpty?: boolean } = {}) =>
  stringRule<string>(`Text(${max})`, (s) => textProblem(s, max, options.allowEmpty ?? false));

/** Message bodies, FAQ answers and other long text (PostgreSQL `text`). */
export const LONG_TEXT_MAX = 100_000;
export const LongText = text(LONG_TEXT_MAX);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const Uuid = stringRule<string>('Uuid', (s) => (UUID_RE.test(s) ? undefined : 'must be a UUID'));

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
export const Email = stringRule<string>('Email', (s) =>
  s.length > 255 ? 'must be at most 255 characters' : EMAIL_RE.test(s) ? undefined : 'must be an e-mail address',
);

const PHONE_RE = /^\+?[0-9 ()-]+$/;
export const Phone = stringRule<string>('Phone', (s) => {
  const digits = s.replace(/\D/g, '').length;
  if (s.length > 50) return 'must be at most 50 characters';
  return PHONE_RE.test(s) && digits >= 5 && digits <= 15 ? undefined : 'must be a phone number like +79001234567';
});

export const USERNAME_RE = /^[\p{L}\p{N}_.-]{1,100}$/u;
export const Username = stringRule<string>('Username', (s) =>
  USERNAME_RE.test(s) ? undefined : 'must be 1..100 letters, digits, "_", "." or "-"',
);

export const ROLES = ['user', 'assistant', 'system'] as const;
/** Who wrote a message: `user` (the visitor), `assistant` (an FAQ, AI, welcome or hand-off reply) or `system`. */
export type Role = (typeof ROLES)[number];
/** Validates a message `Role`. */
export const Role = t.keyof({ user: null, assistant: null, system: null }, 'Role');

const integerIn = (name: string, min: number, max: number, message: string) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max ? t.success(u) : t.failure(u, c, message),
    (a) => a,
  );

/** Satisfaction rating: an integer from 1 to 5 (numbers only; "5" and 2.5 are rejected). */
export const Rating = integerIn('Rating', 1, 5, 'must be an integer from 1 to 5');
/** Database ids are positive 32-bit integers. */
export const Id = integerIn('Id', 1, 2_147_483_647, 'must be a positive integer id');
export const NonNegativeInt = integerIn('NonNegativeInt', 0, 2_147_483_647, 'must be a non-negative integer');
export const Priority = integerIn('Priority', -1_000_000, 1_000_000, 'must be an integer');
export const Limit = integerIn('Limit', 1, 100, 'must be an integer from 1 to 100');
export const AutoOpenDelay = integerIn('AutoOpenDelay', 0, 86_400, 'must be a number of seconds from 0 to 86400');

const HEX_RE = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
export const HexColor = stringRule<string>('HexColor', (s) =>
  HEX_RE.test(s) ? undefined : 'must be a #hex colour like #4CAF50',
);

export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
/** The corner of the page where the chat widget sits. */
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];
/** Validates a `WidgetPosition`. */
export const WidgetPosition = t.keyof(
  { 'bottom-right': null, 'bottom-left': null, 'top-right': null, 'top-left': null },
  'WidgetPosition',
);

const urlProblem = (s: string, protocols: ReadonlyArray<string>): string | undefined => {
  const p = textProblem(s, 500, false);
  if (p) return p;
  try {
    const url = new URL(s);
    return protocols.includes(url.protocol) ? undefined : `must be a ${protocols.join(' or ')} URL`;
  } catch {
    return 'must be an absolute URL';
  }
};
/** Page URLs: http or https, at most 500 characters. */
export const HttpUrl = stringRule<string>('HttpUrl', (s) => urlProblem(s, ['http:', 'https:']));
/** URLs the widget loads into a visitor's page (avatar): https only. */
export const HttpsUrl = stringRule<string>('HttpsUrl', (s) => urlProblem(s, ['https:']));

const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
export const TimeOfDay = stringRule<string>('TimeOfDay', (s) =>
  TIME_RE.test(s) || s === '24:00' ? undefined : 'must be a time like 09:00',
);
export const DayHours = closedStruct('DayHours', { start: TimeOfDay, end: TimeOfDay }, {});
export type DayHours = t.TypeOf<typeof DayHours>;

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isTimeZone = (s: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = stringRule<string>('TimeZone', (s) =>
  s.length <= 64 && isTimeZone(s) ? undefined : 'must be an IANA time zone like Europe/Moscow',
);

/**
 * Business hours, as in the specification: `{"monday": {"start": "09:00", "end": "18:00"}, ...}`.
 * A missing day means closed. `timezone` (IANA, default UTC) says whose clock the hours are on.
 * A key that is not a day ("Monday") is refused: dropping it would leave that day closed
 * without a word, or, when it was the only one, the widget always online.
 */
export const BusinessHours = closedStruct(
  'BusinessHours',
  {},
  {
    timezone: TimeZone,
    monday: DayHours,
    tuesday: DayHours,
    wednesday: DayHours,
    thursday: DayHours,
    friday: DayHours,
    saturday: DayHours,
    sunday: DayHours,
  },
);
export type BusinessHours = t.TypeOf<typeof BusinessHours>;

/** Profile names (`default`, `sales`, `support`): letters, digits, `_` and `-`. */
export const ProfileName = stringRule<string>('ProfileName', (s) =>
  /^[\p{L}\p{N}_-]{1,100}$/u.test(s) ? undefined : 'must be 1..100 letters, digits, "_" or "-"',
);

/** Context keys: at most 255 characters of printable text. */
export const ContextKey = text(255);
export const Category = text(100);

/**
 * `T | null` for optional fields: null is kept (it clears a value in an update) and an
 * absent field stays absent (it keeps the value). Use inside `struct`'s optional props.
 */
export const nullable = <C extends t.Mixed>(codec: C) => new NullableType(codec);

/** See `nullable`; a class so that `decode` can look through it to say what the inner codec expects. */
export class NullableType<C extends t.Mixed> extends t.Type<
  t.TypeOf<C> | null | undefined,
  t.OutputOf<C> | null | undefined,
  unknown
> {
  constructor(readonly type: C) {
    super(
      `Nullable<${type.name}>`,
      (u): u is t.TypeOf<C> | null | undefined => u === null || u === undefined || type.is(u),
      (u, c) => (u === null || u === undefined ? t.success(u) : type.validate(u, c)),
      (a) => (a === null || a === undefined ? a : (type.encode(a) as t.OutputOf<C>)),
    );
  }
}
