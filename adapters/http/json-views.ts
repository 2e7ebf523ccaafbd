import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { ContextEntry } from '../../src/domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import type { Message } from '../../src/domain/entities/message.js';
import type { WidgetProfile } from '../../src/domain/entities/widget-profile.js';
import type { SessionStats } from '../../src/domain/session-stats.js';

/*
 * Entities as the API shows them, in snake_case. Written out field by field so nothing
 * internal (a visitor's IP, numeric ids a visitor has no use for) leaks by accident when
 * an entity grows a field.
 */

/** What a visitor may see of their own session. */
export const publicSessionView = (s: ChatSession) => ({
  session_uuid: s.sessionUuid,
  is_active: s.isActive,
  created_at: s.createdAt,
  ended_at: s.endedAt,
  satisfaction_rating: s.satisfactionRating,
});

export const adminSessionView = (s: ChatSession) => ({
  id: s.id,
  session_uuid: s.sessionUuid,
  visitor_id: s.visitorId,
  user_id: s.userId,
  title: s.title,
  page_url: s.pageUrl,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  ended_at: s.endedAt,
  is_active: s.isActive,
  satisfaction_rating: s.satisfactionRating,
});

export const messageView = (m: Message) => ({
  id: m.id,
  role: m.role,
  content: m.content,
  timestamp: m.timestamp,
  source: m.source,
  knowledge_id: m.knowledgeId,
  client_message_id: m.clientMessageId,
});

export const knowledgeView = (k: KnowledgeEntry) => ({
  id: k.id,
  question: k.question,
  answer: k.answer,
  category: k.category,
  keywords: k.keywords,
  priority: k.priority,
  is_active: k.isActive,
  views_count: k.viewsCount,
  helpful_count: k.helpfulCount,
  embedding_model: k.embeddingModel,
  created_at: k.createdAt,
  updated_at: k.updatedAt,
});

/** The fields a widget needs; business hours are the shop's public opening hours. */
export const publicWidgetView = (p: WidgetProfile, online: boolean) => ({
  name: p.name,
  welcome_message: p.welcomeMessage,
  placeholder_text: p.placeholderText,
  bot_name: p.botName,
  bot_avatar_url: p.botAvatarUrl,
  primary_color: p.primaryColor,
  position: p.position,
  auto_open_delay: p.autoOpenDelay,
  offline_message: p.offlineMessage,
  business_hours: p.businessHours,
  language: p.language,
  online,
});

/** Everything about a profile, for the admin API. */
export const adminWidgetView = (p: WidgetProfile) => {
  const { online: _online, ...settings } = publicWidgetView(p, true);
  return { id: p.id, ...settings, is_active: p.isActive, created_at: p.createdAt, updated_at: p.updatedAt };
};

export const contextView = (c: ContextEntry) => ({
  key: c.key,
  value: c.value,
  category: c.category,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export const statsView = (s: SessionStats) => ({
  total_messages: s.totalMessages,
  user_messages_count: s.userMessagesCount,
  assistant_messages_count: s.assistantMessagesCount,
  system_messages_count: s.systemMessagesCount,
  total_tokens: s.totalTokens,
  duration_seconds: s.durationSeconds,
  first_message: s.firstMessage,
  last_message: s.lastMessage,
});
