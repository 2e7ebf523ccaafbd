import type { Message } from './entities/message.js';

export const EXPORT_FORMATS = ['text', 'json', 'html'] as const;
/** The format of an exported chat: plain `text`, `json`, or `html` with every stored string escaped. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `2025-12-27 18:35:12` in UTC, the specification's timestamp layout. */
export const formatTimestamp = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

const roleEmoji = (role: Message['role']) => (role === 'user' ? '👤' : '🤖');

/**
 * The document's language: Russian unless the chat is mostly Latin letters. Readers and
 * screen readers pick their voice and hyphenation by it; the stored text itself is not
 * marked up.
 */
const languageOf = (messages: ReadonlyArray<Message>): 'ru' | 'en' => {
  let cyrillic = 0;
  let latin = 0;
  for (const m of messages) {
    cyrillic += m.content.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
    latin += m.content.match(/[A-Za-z]/g)?.length ?? 0;
  }
  return latin > cyrillic ? 'en' : 'ru';
};

const TITLES = { ru: 'История чата', en: 'Chat history' } as const;

// inline, since the host serves the export with a CSP that allows only inline styles
const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem}' +
  '.user-message,.bot-message{margin:.5rem 0;padding:.5rem .75rem;border-radius:.5rem;white-space:pre-wrap}' +
  '.user-message{background:#e3f2fd}.bot-message{background:#f1f1f1}' +
  '.timestamp{display:block;font-size:.8em;color:#555}';

/** A complete HTML document around the chat: doctype, language, UTF-8, a title with the chat's first date. */
const htmlDocument = (messages: ReadonlyArray<Message>, body: ReadonlyArray<string>): string => {
  const lang = languageOf(messages);
  const first = messages[0];
  const title = first ? `${TITLES[lang]}, ${formatTimestamp(first.timestamp).slice(0, 10)}` : TITLES[lang];
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

/**
 * The specification's `export_chat_history` in its three formats. Unlike the original,
 * the HTML form escapes every stored string, so a message can never inject markup, and is
 * a complete document (saved to a file it opens with the right encoding and language);
 * the specification's `<div class="chat-history">` is its body.
 */
export const exportChat = (messages: ReadonlyArray<Message>, format: ExportFormat): string => {
  switch (format) {
    case 'text':
      return messages
        .map((m) => `[${formatTimestamp(m.timestamp)}] ${roleEmoji(m.role)} ${m.role}: ${m.content}`)
        .join('\n');
    case 'json':
      return JSON.stringify(
        messages.map((m) => ({
          timestamp: m.timestamp.toISOString(),
          role: m.role,
          content: m.content,
          tokens_used: m.tokensUsed,
        })),
        null,
        2,
      );
    case 'html': {
      const lines = ['<div class="chat-history">'];
      for (const m of messages) {
        const cssClass = m.role === 'user' ? 'user-message' : 'bot-message';
        lines.push(
          `<div class="${cssClass}">` +
            `<span class="timestamp">${escapeHtml(formatTimestamp(m.timestamp))}</span>` +
            `<span class="content">${escapeHtml(m.content)}</span>` +
            `</div>`,
        );
      }
      lines.push('</div>');
      return htmlDocument(messages, lines);
    }
  }
};
