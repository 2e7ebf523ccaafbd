import { describe, expect, it } from 'vitest';
import { left, right, testAssistant } from '../../support/test-doubles.js';

describe('widget settings', () => {
  it('creates profiles on first update and changes only the given fields later', async () => {
    const { useCases, clock } = testAssistant();
    expect(await right(useCases.getWidgetSettings({ name: 'default' }))).toBeNull();
    const created = await right(
      useCases.updateWidgetSettings({
        name: 'default',
        welcomeMessage: 'Привет! Я ваш виртуальный помощник. Как я могу помочь?',
        placeholderText: 'Напишите ваш вопрос...',
        botName: 'Умный помощник',
        botAvatarUrl: 'https://example.com/avatar.png',
        primaryColor: '#4CAF50',
        position: 'bottom-right',
        autoOpenDelay: 10,
        offlineMessage: 'Мы сейчас offline. Оставьте сообщение!',
        isActive: true,
        businessHours: { monday: { start: '09:00', end: '18:00' }, friday: { start: '09:00', end: '18:00' } },
      }),
    );
    clock.advance(1);
    const updated = await right(
      useCases.updateWidgetSettings({ name: 'default', botName: 'AI Консультант', primaryColor: '#2196F3' }),
    );
    expect(updated).toEqual({ ...created, botName: 'AI Консультант', primaryColor: '#2196F3', updatedAt: clock.now() });
    expect(await right(useCases.getWidgetSettings({}))).toEqual(updated);
    const cleared = await right(useCases.updateWidgetSettings({ name: 'default', offlineMessage: null }));
    expect(cleared.offlineMessage).toBeNull();
  });

  it('keeps several profiles apart', async () => {
    const { useCases } = testAssistant();
    await right(useCases.updateWidgetSettings({ name: 'sales', botName: 'Менеджер продаж', primaryColor: '#FF5722' }));
    await right(useCases.updateWidgetSettings({ name: 'support', botName: 'Техподдержка', primaryColor: '#607D8B' }));
    expect((await right(useCases.getWidgetSettings({ name: 'sales' })))?.botName).toBe('Менеджер продаж');
    expect((await right(useCases.getWidgetSettings({ name: 'support' })))?.primaryColor).toBe('#607D8B');
    expect((await right(useCases.listWidgetProfiles())).map((p) => p.name)).toEqual(['sales', 'support']);
  });

  it.each([
    ['primaryColor', 'red'],
    ['primaryColor', '#12345'],
    ['position', 'middle'],
    ['botAvatarUrl', 'http://example.com/a.png'],
    ['botAvatarUrl', 'javascript:alert(1)'],
    ['autoOpenDelay', -1],
    ['businessHours', { monday: { start: '9am', end: '18:00' } }],
    ['businessHours', { timezone: 'Mars/Olympus', monday: { start: '09:00', end: '18:00' } }],
  ])('rejects %s = %j with its path', async (field, value) => {
    const { useCases } = testAssistant();
    const e = await left(useCases.updateWidgetSettings({ name: 'default', [field]: value }), 'ValidationError');
    expect(e.path.startsWith(field)).toBe(true);
    expect(await right(useCases.getWidgetSettings({ name: 'default' }))).toBeNull();
  });
});

describe('agent context', () => {
  it('sets, reads, overwrites and lists by category', async () => {
    const { useCases, clock } = testAssistant();
    const first = await right(useCases.setContext({ key: 'ai_temperature', value: '0.7', category: 'config' }));
    await right(useCases.setContext({ key: 'ai_model', value: 'deepseek-chat', category: 'config' }));
    await right(useCases.setContext({ key: 'shop_name', value: 'Мой Магазин', category: 'branding' }));
    clock.advance(1);
    const second = await right(useCases.setContext({ key: 'ai_temperature', value: '0.5', category: 'config' }));
    expect(second).toMatchObject({ id: first.id, value: '0.5', createdAt: first.createdAt, updatedAt: clock.now() });
    expect((await right(useCases.getContextEntry({ key: 'ai_temperature' })))?.value).toBe('0.5');
    expect(await right(useCases.getContext({ key: 'missing' }))).toBeNull();
    expect((await right(useCases.listContext({ category: 'config' }))).map((c) => c.key)).toEqual([
      'ai_model',
      'ai_temperature',
    ]);
    expect(await right(useCases.listContext({}))).toHaveLength(3);
  });

  it('validates keys and values', async () => {
    const { useCases } = testAssistant();
    expect((await left(useCases.setContext({ key: '', value: 'x' }), 'ValidationError')).path).toBe('key');
    expect((await left(useCases.setContext({ key: 'k', value: 7 }), 'ValidationError')).path).toBe('value');
    expect((await left(useCases.setContext({ key: 'k'.repeat(256), value: 'x' }), 'ValidationError')).path).toBe('key');
  });
});
