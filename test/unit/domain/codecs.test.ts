import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as t from 'io-ts';
import {
  BusinessHours,
  Email,
  HexColor,
  HttpUrl,
  Phone,
  Rating,
  Username,
  Uuid,
  closedStruct,
  nullable,
  text,
} from '../../../src/domain/codecs.js';
import { CreateUserInput } from '../../../src/application/create-user.js';
import { ExportChatHistoryInput } from '../../../src/application/session-analytics.js';
import { UpdateWidgetSettingsInput } from '../../../src/application/widget-settings.js';
import { decode } from '../../../src/domain/validation.js';

const ok = (codec: { decode(u: unknown): E.Either<unknown, unknown> }, u: unknown) => E.isRight(codec.decode(u));

describe('value objects', () => {
  it('accept valid and reject invalid values', () => {
    expect(ok(Uuid, 'a1b2c3d4-e5f6-4890-abcd-ef1234567890')).toBe(true);
    expect(ok(Uuid, 'a1b2c3d4')).toBe(false);
    expect(ok(Email, 'john@example.com')).toBe(true);
    expect(ok(Email, 'john@')).toBe(false);
    expect(ok(Phone, '+79001234567')).toBe(true);
    expect(ok(Phone, '+7 (900) 123-45-67')).toBe(true);
    expect(ok(Phone, '12')).toBe(false);
    expect([1, 2, 3, 4, 5].every((r) => ok(Rating, r))).toBe(true);
    expect([0, 6, 2.5, '5', Number.NaN, Infinity, null].some((r) => ok(Rating, r))).toBe(false);
    expect(ok(HexColor, '#4CAF50')).toBe(true);
    expect(ok(HexColor, '#4CAF5')).toBe(false);
    expect(ok(HttpUrl, 'https://example.com/shop')).toBe(true);
    expect(ok(HttpUrl, 'ftp://example.com')).toBe(false);
    expect(ok(text(3), 'abcd')).toBe(false);
    expect(ok(text(10), 'a\u0000')).toBe(false);
    expect(ok(text(10), '\udc00')).toBe(false);
    expect(ok(text(10), '😀')).toBe(true);
  });

  it('reports every problem with its field path', () => {
    const result = decode(CreateUserInput, { username: 7, email: 'x', phone: [] });
    expect(E.isLeft(result) && result.left.issues.map((i) => i.path)).toEqual(['username', 'email', 'phone']);
    const notObject = decode(CreateUserInput, 'john');
    expect(E.isLeft(notObject) && notObject.left.path).toBe('');
  });
});

const issuesOf = <A, O>(codec: t.Type<A, O, unknown>, input: unknown) => {
  const result = decode(codec, input);
  return E.isLeft(result) ? result.left.issues : [];
};

describe('closed objects', () => {
  it('refuse an unknown key at its path, listing the allowed names, instead of dropping it', () => {
    const issues = issuesOf(BusinessHours, { Monday: { start: '09:00', end: '18:00' } });
    expect(issues).toEqual([
      {
        path: 'Monday',
        message:
          'unknown field; expected one of: timezone, monday, tuesday, wednesday, thursday, friday, saturday, sunday',
        allowedFields: ['timezone', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      },
    ]);
    expect(issuesOf(BusinessHours, { monday: { start: '09:00', end: '18:00', lunch: '13:00' } })[0]?.path).toBe(
      'monday.lunch',
    );
    expect(E.isRight(decode(BusinessHours, { timezone: 'UTC', monday: { start: '09:00', end: '18:00' } }))).toBe(true);
  });

  it('report the unknown key first, then what the known ones lack', () => {
    const Hours = closedStruct('Hours', { start: text(5) }, { end: nullable(text(5)) });
    expect(issuesOf(Hours, { finish: '18:00' }).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'finish: unknown field; expected one of: start, end',
      'start: is required',
    ]);
    expect(Hours.is({ start: 'a' })).toBe(true);
    expect(Hours.is({ start: 'a', other: 1 })).toBe(false);
    expect(issuesOf(Hours, 'text')[0]?.message).toBe('must be an object');
  });

  it('accept and drop the read-only fields of a widget profile, refuse a misspelt setting', () => {
    const sent = { name: 'support', id: 3, createdAt: 'x', updatedAt: 'y', botName: 'Бот' };
    const decoded = decode(UpdateWidgetSettingsInput, sent);
    expect(E.isRight(decoded) && decoded.right).toEqual({ name: 'support', botName: 'Бот' });
    expect(issuesOf(UpdateWidgetSettingsInput, { name: 'support', primaryColour: '#fff' })[0]?.path).toBe(
      'primaryColour',
    );
  });
});

describe('failure messages', () => {
  it('name the allowed values of a fixed choice, also behind nullable and in unions of literals', () => {
    expect(issuesOf(ExportChatHistoryInput, { sessionId: 1, format: 'pdf' })[0]?.message).toBe(
      'must be one of: text, json, html',
    );
    expect(issuesOf(UpdateWidgetSettingsInput, { name: 'a', position: 'middle' })[0]?.message).toBe(
      'must be one of: bottom-right, bottom-left, top-right, top-left',
    );
    const Kind = t.type({ kind: t.union([t.literal('offline'), t.literal('none')]) });
    expect(issuesOf(Kind, { kind: 'x' })).toEqual([{ path: 'kind', message: 'must be one of: offline, none' }]);
    expect(issuesOf(t.type({ kind: t.literal('none') }), { kind: 'x' })[0]?.message).toBe('must be "none"');
  });

  it('name the tag values of a union of objects told apart by one literal property', () => {
    const Embedder = t.union([
      t.type({ kind: t.literal('offline') }),
      t.intersection([t.type({ kind: t.literal('http'), url: t.string }), t.partial({ key: t.string })]),
    ]);
    expect(issuesOf(t.type({ embedder: Embedder }), { embedder: { kind: 'bogus' } })).toEqual([
      { path: 'embedder', message: 'must be an object whose "kind" is one of: offline, http' },
    ]);
  });

  it('say what a plain io-ts type expects in words', () => {
    const Shape = t.type({ flag: t.boolean, n: t.number, s: t.string, list: t.array(t.string), obj: t.type({}) });
    expect(
      issuesOf(Shape, { flag: 'yes', n: 'one', s: 1, list: 'a', obj: 2 }).map((i) => `${i.path}: ${i.message}`),
    ).toEqual([
      'flag: must be true or false',
      'n: must be a number',
      's: must be a string',
      'list: must be an array',
      'obj: must be an object',
    ]);
  });
});

describe('text normalisation', () => {
  it('decodes every text to NFC, so one letter typed two ways is one value', () => {
    const decomposed = 'Йошка'.normalize('NFD');
    expect(decomposed).toHaveLength(6);
    for (const codec of [text(10), Username]) {
      const result = codec.decode(decomposed);
      expect(E.isRight(result) && result.right).toBe('Йошка');
    }
    // the length rule counts the normalised text: five letters, not six code units
    expect(E.isRight(text(5).decode(decomposed))).toBe(true);
  });
});
