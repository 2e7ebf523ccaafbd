import { describe, expect, it } from 'vitest';
import { left, right, testAssistant } from '../../support/test-doubles.js';

describe('createOrGetVisitor', () => {
  it('creates a visitor with a fresh UUID when none is given', async () => {
    const { useCases } = testAssistant();
    const v = await right(
      useCases.createOrGetVisitor({
        ipAddress: '192.168.1.1',
        userAgent: 'Mozilla/5.0',
        deviceType: 'desktop',
        browser: 'Chrome',
      }),
    );
    expect(v.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(v).toMatchObject({ ipAddress: '192.168.1.1', deviceType: 'desktop', browser: 'Chrome', userId: null });
    expect(v.firstVisit).toEqual(v.lastVisit);
  });

  it('returns the same visitor for a known UUID and updates last_visit only', async () => {
    const { useCases, clock } = testAssistant();
    const uuid = 'a1b2c3d4-e5f6-4890-abcd-ef1234567890';
    const first = await right(useCases.createOrGetVisitor({ visitorId: uuid, ipAddress: '192.168.1.1' }));
    clock.advance(3600);
    const again = await right(useCases.createOrGetVisitor({ visitorId: uuid.toUpperCase() }));
    expect(again.id).toBe(first.id);
    expect(again.firstVisit).toEqual(first.firstVisit);
    expect(again.lastVisit.getTime() - first.lastVisit.getTime()).toBe(3_600_000);
    expect(again.ipAddress).toBe('192.168.1.1');
  });

  it('rejects a malformed UUID with the field path', async () => {
    const { useCases } = testAssistant();
    const e = await left(useCases.createOrGetVisitor({ visitorId: 'not-a-uuid' }), 'ValidationError');
    expect(e).toMatchObject({ path: 'visitorId' });
  });
});

describe('createUser / getUser', () => {
  it('creates with minimal and full information and reads it back', async () => {
    const { useCases } = testAssistant();
    const minimal = await right(useCases.createUser({ username: 'john_doe' }));
    expect(minimal).toMatchObject({ username: 'john_doe', email: null, phone: null });
    const full = await right(
      useCases.createUser({ username: 'alice', email: 'alice@example.com', phone: '+79991234567' }),
    );
    expect(await right(useCases.getUser({ userId: full.id }))).toEqual(full);
    expect(await right(useCases.getUser({ userId: 999 }))).toBeNull();
  });

  it('reports duplicate usernames and e-mails (e-mail case-insensitively)', async () => {
    const { useCases } = testAssistant();
    await right(useCases.createUser({ username: 'john', email: 'john@example.com' }));
    await left(useCases.createUser({ username: 'john' }), 'DuplicateUsername');
    await left(useCases.createUser({ username: 'johnny', email: 'JOHN@Example.com' }), 'DuplicateEmail');
  });

  it('validates username, e-mail and phone', async () => {
    const { useCases } = testAssistant();
    expect((await left(useCases.createUser({ username: '' }), 'ValidationError')).path).toBe('username');
    expect((await left(useCases.createUser({ username: 'a', email: 'nope' }), 'ValidationError')).path).toBe('email');
    expect((await left(useCases.createUser({ username: 'a', phone: 'call me' }), 'ValidationError')).path).toBe(
      'phone',
    );
    expect((await left(useCases.getUser({ userId: 0 }), 'ValidationError')).path).toBe('userId');
  });
});

describe('findVisitor', () => {
  it('finds by UUID or id without touching last_visit', async () => {
    const { useCases, clock } = testAssistant();
    const v = await right(useCases.createOrGetVisitor({}));
    clock.advance(60);
    expect(await right(useCases.findVisitor({ visitorId: v.visitorId.toUpperCase() }))).toEqual(v);
    expect(await right(useCases.findVisitor({ id: v.id }))).toEqual(v);
    expect(await right(useCases.findVisitor({ id: 999 }))).toBeNull();
    expect((await left(useCases.findVisitor({}), 'ValidationError')).path).toBe('visitorId');
  });
});
