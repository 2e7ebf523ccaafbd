/**
 * Row shapes as the driver returns them (pg's own parsers: timestamptz -> Date,
 * jsonb -> value, int4 -> number; int8 never reaches here because every count is cast
 * to int in SQL) and their mapping to the domain entities.
 */
import { sql } from 'slonik';
import { z } from 'zod';
import { BusinessHours, WidgetPosition, type Role } from '../../src/domain/codecs.js';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import { HANDLINGS_TUPLE, type Handling } from '../../src/domain/conversation.js';
import type { ContextEntry } from '../../src/domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import { ANSWER_SOURCES, type AnswerSource, type Message } from '../../src/domain/entities/message.js';
import type { User } from '../../src/domain/entities/user.js';
import type { Visitor } from '../../src/domain/entities/visitor.js';
import type { WidgetProfile } from '../../src/domain/entities/widget-profile.js';
import { WIDGET_LANGUAGES } from '../../src/domain/widget-language.js';

const id = z.number().int();
const nullableText = z.string().nullable();

export const VisitorRow = z.object({
  id,
  visitor_id: z.string(),
  ip_address: nullableText,
  user_agent: nullableText,
  device_type: nullableText,
  browser: nullableText,
  first_visit: z.date(),
  last_visit: z.date(),
  user_id: id.nullable(),
});
export const VISITOR_COLUMNS = sql.fragment`id, visitor_id, ip_address, user_agent, device_type, browser, first_visit, last_visit, user_id`;
export const toVisitor = (row: z.infer<typeof VisitorRow>): Visitor => ({
  id: row.id,
  visitorId: row.visitor_id,
  ipAddress: row.ip_address,
  userAgent: row.user_agent,
  deviceType: row.device_type,
  browser: row.browser,
  firstVisit: row.first_visit,
  lastVisit: row.last_visit,
  userId: row.user_id,
});

export const UserRow = z.object({
  id,
  username: z.string(),
  email: nullableText,
  phone: nullableText,
  created_at: z.date(),
});
export const USER_COLUMNS = sql.fragment`id, username, email, phone, created_at`;
export const toUser = (row: z.infer<typeof UserRow>): User => ({
  id: row.id,
  username: row.username,
  email: row.email,
  phone: row.phone,
  createdAt: row.created_at,
});

export const SessionRow = z.object({
  id,
  visitor_id: id.nullable(),
  user_id: id.nullable(),
  session_uuid: z.string(),
  title: nullableText,
  page_url: nullableText,
  created_at: z.date(),
  updated_at: z.date(),
  ended_at: z.date().nullable(),
  is_active: z.boolean(),
  satisfaction_rating: z.number().int().nullable(),
  handling: z.enum(HANDLINGS_TUPLE) satisfies z.ZodType<Handling>,
  operator_id: id.nullable(),
  widget_profile: nullableText,
  waiting_since: z.date().nullable(),
  handoff_at: z.date().nullable(),
  assigned_at: z.date().nullable(),
  first_response_at: z.date().nullable(),
});
export const SESSION_COLUMNS = sql.fragment`id, visitor_id, user_id, session_uuid, title, page_url, created_at, updated_at, ended_at, is_active, satisfaction_rating, handling, operator_id, widget_profile, waiting_since, handoff_at, assigned_at, first_response_at`;
export const toChatSession = (row: z.infer<typeof SessionRow>): ChatSession => ({
  id: row.id,
  visitorId: row.visitor_id,
  userId: row.user_id,
  sessionUuid: row.session_uuid,
  title: row.title,
  pageUrl: row.page_url,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  endedAt: row.ended_at,
  isActive: row.is_active,
  satisfactionRating: row.satisfaction_rating,
  handling: row.handling,
  operatorId: row.operator_id,
  widgetProfile: row.widget_profile,
  waitingSince: row.waiting_since,
  handoffAt: row.handoff_at,
  assignedAt: row.assigned_at,
  firstResponseAt: row.first_response_at,
});

const RoleColumn = z.enum(['user', 'assistant', 'system']) satisfies z.ZodType<Role>;
const SourceColumn = z.enum(ANSWER_SOURCES) satisfies z.ZodType<AnswerSource>;

export const MessageRow = z.object({
  id,
  session_id: id,
  role: RoleColumn,
  content: z.string(),
  timestamp: z.date(),
  tokens_used: z.number().int().nullable(),
  source: SourceColumn.nullable(),
  knowledge_id: id.nullable(),
  client_message_id: nullableText,
  operator_id: id.nullable(),
  grounding_ids: z.array(id).nullable(),
});
export const MESSAGE_COLUMNS = sql.fragment`id, session_id, role, content, "timestamp", tokens_used, source, knowledge_id, client_message_id, operator_id, grounding_ids`;
export const toMessage = (row: z.infer<typeof MessageRow>): Message => ({
  id: row.id,
  sessionId: row.session_id,
  role: row.role,
  content: row.content,
  timestamp: row.timestamp,
  tokensUsed: row.tokens_used,
  source: row.source,
  knowledgeId: row.knowledge_id,
  clientMessageId: row.client_message_id,
  operatorId: row.operator_id,
  groundingIds: row.grounding_ids ?? [],
});

/** Dates as `to_jsonb` writes them (ISO text); for statements that return whole rows as JSON. */
const jsonDate = z.coerce.date();
export const SessionJson = SessionRow.extend({
  created_at: jsonDate,
  updated_at: jsonDate,
  ended_at: jsonDate.nullable(),
  waiting_since: jsonDate.nullable(),
  handoff_at: jsonDate.nullable(),
  assigned_at: jsonDate.nullable(),
  first_response_at: jsonDate.nullable(),
});
export const MessageJson = MessageRow.extend({ timestamp: jsonDate });
export const VisitorJson = VisitorRow.extend({ first_visit: jsonDate, last_visit: jsonDate });

export const KnowledgeRow = z.object({
  id,
  question: z.string(),
  answer: z.string(),
  category: nullableText,
  keywords: nullableText,
  priority: z.number().int(),
  is_active: z.boolean(),
  views_count: z.number().int(),
  helpful_count: z.number().int(),
  embedding_model: nullableText,
  created_at: z.date(),
  updated_at: z.date(),
});
/** knowledge_base's own columns, never the embedding: 4 KB per row that no caller of these reads needs. */
export const ENTRY_COLUMNS = sql.fragment`id, question, answer, category, keywords, priority, is_active, embedding_model, created_at, updated_at`;
/** ENTRY_COLUMNS of the table or subquery named `alias`, qualified (for statements that join the counters). */
export const entryColumnsOf = (alias: string) =>
  sql.join(
    [
      'id',
      'question',
      'answer',
      'category',
      'keywords',
      'priority',
      'is_active',
      'embedding_model',
      'created_at',
      'updated_at',
    ].map((column) => sql.identifier([alias, column])),
    sql.fragment`, `,
  );
/**
 * The entry's counters from knowledge_counters joined as `counters` (see COUNTERS_JOIN):
 * they live outside knowledge_base so that counting never rewrites a row holding a vector
 * (docs/adr/0011-counters-beside-the-entries.md). No row means nothing counted yet.
 */
export const COUNTER_COLUMNS = sql.fragment`coalesce(counters.views_count, 0) AS views_count, coalesce(counters.helpful_count, 0) AS helpful_count`;
/** Joins the counters of the entries named `alias` (which must have an `id` column). */
export const countersJoin = (alias: string) =>
  sql.fragment`LEFT JOIN knowledge_counters AS counters ON counters.id = ${sql.identifier([alias, 'id'])}`;
export const toKnowledgeEntry = (row: z.infer<typeof KnowledgeRow>): KnowledgeEntry => ({
  id: row.id,
  question: row.question,
  answer: row.answer,
  category: row.category,
  keywords: row.keywords,
  priority: row.priority,
  isActive: row.is_active,
  viewsCount: row.views_count,
  helpfulCount: row.helpful_count,
  embeddingModel: row.embedding_model,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Business hours were validated on the way in; a row that no longer decodes reads as "not set". */
export const BusinessHoursColumn = z.unknown().transform((value): BusinessHours | null => {
  if (value === null || value === undefined) return null;
  const decoded = BusinessHours.decode(value);
  return decoded._tag === 'Right' ? decoded.right : null;
});
const PositionColumn = z
  .string()
  .nullable()
  .transform((value): WidgetPosition | null => (value !== null && WidgetPosition.is(value) ? value : null));

export const WidgetRow = z.object({
  id,
  name: z.string(),
  welcome_message: nullableText,
  placeholder_text: nullableText,
  bot_name: nullableText,
  bot_avatar_url: nullableText,
  primary_color: nullableText,
  position: PositionColumn,
  auto_open_delay: z.number().int().nullable(),
  offline_message: nullableText,
  is_active: z.boolean(),
  business_hours: BusinessHoursColumn,
  language: z.enum(WIDGET_LANGUAGES),
  created_at: z.date(),
  updated_at: z.date(),
});
export const WIDGET_COLUMNS = sql.fragment`id, name, welcome_message, placeholder_text, bot_name, bot_avatar_url, primary_color, position, auto_open_delay, offline_message, is_active, business_hours, language, created_at, updated_at`;
export const toWidgetProfile = (row: z.infer<typeof WidgetRow>): WidgetProfile => ({
  id: row.id,
  name: row.name,
  welcomeMessage: row.welcome_message,
  placeholderText: row.placeholder_text,
  botName: row.bot_name,
  botAvatarUrl: row.bot_avatar_url,
  primaryColor: row.primary_color,
  position: row.position,
  autoOpenDelay: row.auto_open_delay,
  offlineMessage: row.offline_message,
  isActive: row.is_active,
  businessHours: row.business_hours,
  language: row.language,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const ContextRow = z.object({
  id,
  key: z.string(),
  value: z.string(),
  category: nullableText,
  created_at: z.date(),
  updated_at: z.date(),
});
export const CONTEXT_COLUMNS = sql.fragment`id, key, value, category, created_at, updated_at`;
export const toContextEntry = (row: z.infer<typeof ContextRow>): ContextEntry => ({
  id: row.id,
  key: row.key,
  value: row.value,
  category: row.category,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
