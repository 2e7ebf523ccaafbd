import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Email, HexColor, HttpUrl, Phone, Rating, Uuid, text } from '../../../src/domain/codecs.js';
import { CreateUserInput } from '../../../src/application/create-user.js';
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
