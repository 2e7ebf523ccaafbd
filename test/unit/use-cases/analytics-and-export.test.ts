import { describe, expect, it } from 'vitest';
import { left, right, testAssistant } from '../../support/test-doubles.js';

const chatWith = async () => {
  const t = testAssistant();
  const v = await right(t.useCases.createOrGetVisitor({}));
  const { sessionId } = await right(t.useCases.createSession({ visitorId: v.id }));
  await right(t.useCases.addMessage({ sessionId, role: 'assistant', content: 'Здравствуйте! Чем могу помочь?' }));
  t.clock.advance(33);
  await right(t.useCases.addMessage({ sessionId, role: 'user', content: '<img src=x onerror="alert(1)"> & "quotes"' }));
  t.clock.advance(5);
  await right(t.useCases.addMessage({ sessionId, role: 'assistant', content: 'Ответ от AI...', tokensUsed: 120 }));
  return { ...t, sessionId };
};

describe('sessionAnalytics', () => {
  it('counts by role, sums tokens and measures duration', async () => {
    const { useCases, sessionId } = await chatWith();
    expect(await right(useCases.sessionAnalytics({ sessionId }))).toEqual({
      totalMessages: 3,
      userMessagesCount: 1,
      assistantMessagesCount: 2,
      systemMessagesCount: 0,
      totalTokens: 120,
      durationSeconds: 38,
      firstMessage: new Date('2025-12-27T18:35:12.000Z'),
      lastMessage: new Date('2025-12-27T18:35:50.000Z'),
      // never handed off to a person
      waitSeconds: null,
      firstResponseSeconds: null,
    });
  });

  it('has no duration for an empty or one-message chat', async () => {
    const t = testAssistant();
    const v = await right(t.useCases.createOrGetVisitor({}));
    const { sessionId } = await right(t.useCases.createSession({ visitorId: v.id }));
    expect(await right(t.useCases.sessionAnalytics({ sessionId }))).toMatchObject({
      totalMessages: 0,
      durationSeconds: null,
      firstMessage: null,
    });
  });
});

describe('exportChatHistory', () => {
  it('exports text lines as in the specification', async () => {
    const { useCases, sessionId } = await chatWith();
    const text = await right(useCases.exportChatHistory({ sessionId, format: 'text' }));
    expect(text.split('\n')).toEqual([
      '[2025-12-27 18:35:12] 🤖 assistant: Здравствуйте! Чем могу помочь?',
      '[2025-12-27 18:35:45] 👤 user: <img src=x onerror="alert(1)"> & "quotes"',
      '[2025-12-27 18:35:50] 🤖 assistant: Ответ от AI...',
    ]);
  });

  it('exports JSON with timestamps, roles, content and tokens', async () => {
    const { useCases, sessionId } = await chatWith();
    const json = JSON.parse(await right(useCases.exportChatHistory({ sessionId, format: 'json' })));
    expect(json[2]).toEqual({
      timestamp: '2025-12-27T18:35:50.000Z',
      role: 'assistant',
      content: 'Ответ от AI...',
      tokens_used: 120,
    });
  });

  it('escapes every stored string in HTML', async () => {
    const { useCases, sessionId } = await chatWith();
    const html = await right(useCases.exportChatHistory({ sessionId, format: 'html' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#34;quotes&#34;');
    expect(html).toContain('<div class="user-message">');
  });

  it('exports HTML as a complete document: doctype, language, UTF-8, a title, the chat as its body', async () => {
    const { useCases, sessionId } = await chatWith();
    const html = await right(useCases.exportChatHistory({ sessionId, format: 'html' }));
    const [head, rest] = html.split('<body>\n');
    expect(head).toMatch(/^<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n/);
    expect(head).toContain('<title>История чата, 2025-12-27</title>');
    expect(head?.endsWith('</head>\n')).toBe(true);
    expect(rest?.startsWith('<div class="chat-history">\n<div class="bot-message">')).toBe(true);
    expect(rest?.endsWith('</div>\n</body>\n</html>\n')).toBe(true);
  });

  it('marks an English chat lang="en", and an empty chat is still a document', async () => {
    const t = testAssistant();
    const v = await right(t.useCases.createOrGetVisitor({}));
    const { sessionId } = await right(t.useCases.createSession({ visitorId: v.id }));
    const empty = await right(t.useCases.exportChatHistory({ sessionId, format: 'html' }));
    expect(empty).toContain('<title>История чата</title>');
    expect(empty).toContain('<div class="chat-history">\n</div>');
    await right(t.useCases.addMessage({ sessionId, role: 'user', content: 'How do I top up my card?' }));
    const english = await right(t.useCases.exportChatHistory({ sessionId, format: 'html' }));
    expect(english).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(english).toMatch(/<title>Chat history, \d{4}-\d{2}-\d{2}<\/title>/);
  });

  it('rejects unknown formats and sessions', async () => {
    const { useCases, sessionId } = await chatWith();
    expect((await left(useCases.exportChatHistory({ sessionId, format: 'pdf' }), 'ValidationError')).path).toBe(
      'format',
    );
    await left(useCases.exportChatHistory({ sessionId: 999 }), 'SessionNotFound');
  });
});
