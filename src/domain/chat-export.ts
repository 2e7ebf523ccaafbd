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
 * The specification's `export_chat_history` in its three formats. Unlike the original,
 * the HTML form escapes every stored string, so a message can never inject markup.
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
      return lines.join('\n');
    }
  }
};
