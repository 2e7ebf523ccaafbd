import type { SqlValue } from 'sql.js';
import { BusinessHours, ROLES, WIDGET_POSITIONS, type Role, type WidgetPosition } from '../../src/domain/codecs.js';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { Operator, OperatorRole } from '../../src/domain/entities/operator.js';
import type { ContactRequest } from '../../src/ports/contact-requests.js';
import { HANDLINGS, type Handling } from '../../src/domain/conversation.js';
import type { ContextEntry } from '../../src/domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import { ANSWER_SOURCES, type AnswerSource, type Message } from '../../src/domain/entities/message.js';
import type { User } from '../../src/domain/entities/user.js';
import type { Visitor } from '../../src/domain/entities/visitor.js';
import type { WidgetProfile } from '../../src/domain/entities/widget-profile.js';
import { WIDGET_LANGUAGES, type WidgetLanguage } from '../../src/domain/widget-language.js';
import type { Row } from './sql-database.js';

/** A stored row that does not fit the schema: a bug or a foreign file, surfaced as StorageUnavailable. */
export class RowShapeError extends Error {}

const value = (row: Row, column: string): SqlValue => {
  const v = row[column];
  if (v === undefined) throw new RowShapeError(`column ${column} is missing`);
  return v;
};

export const integer = (row: Row, column: string): number => {
  const v = value(row, column);
  if (typeof v !== 'number') throw new RowShapeError(`column ${column} is not a number`);
  return v;
};
export const nullableIntegerColumn = (row: Row, column: string): number | null =>
  value(row, column) === null ? null : integer(row, column);
const text = (row: Row, column: string): string => {
  const v = value(row, column);
  if (typeof v !== 'string') throw new RowShapeError(`column ${column} is not text`);
  return v;
};
export const nullableText = (row: Row, column: string): string | null =>
  value(row, column) === null ? null : text(row, column);
const boolean = (row: Row, column: string): boolean => integer(row, column) !== 0;
const date = (row: Row, column: string): Date => new Date(integer(row, column));
const nullableDate = (row: Row, column: string): Date | null =>
  value(row, column) === null ? null : date(row, column);

const oneOf = <T extends string>(allowed: ReadonlyArray<T>, v: string, column: string): T => {
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw new RowShapeError(`column ${column} has unexpected value ${v}`);
  return found;
};

export const toVisitor = (row: Row): Visitor => ({
  id: integer(row, 'id'),
  visitorId: text(row, 'visitor_id'),
  ipAddress: nullableText(row, 'ip_address'),
  userAgent: nullableText(row, 'user_agent'),
  deviceType: nullableText(row, 'device_type'),
  browser: nullableText(row, 'browser'),
  firstVisit: date(row, 'first_visit'),
  lastVisit: date(row, 'last_visit'),
  userId: nullableIntegerColumn(row, 'user_id'),
});

export const toUser = (row: Row): User => ({
  id: integer(row, 'id'),
  username: text(row, 'username'),
  email: nullableText(row, 'email'),
  phone: nullableText(row, 'phone'),
  createdAt: date(row, 'created_at'),
});

export const toChatSession = (row: Row): ChatSession => ({
  id: integer(row, 'id'),
  visitorId: nullableIntegerColumn(row, 'visitor_id'),
  userId: nullableIntegerColumn(row, 'user_id'),
  sessionUuid: text(row, 'session_uuid'),
  title: nullableText(row, 'title'),
  pageUrl: nullableText(row, 'page_url'),
  createdAt: date(row, 'created_at'),
  updatedAt: date(row, 'updated_at'),
  endedAt: nullableDate(row, 'ended_at'),
  isActive: boolean(row, 'is_active'),
  satisfactionRating: nullableIntegerColumn(row, 'satisfaction_rating'),
  handling: oneOf<Handling>(HANDLINGS, text(row, 'handling'), 'handling'),
  operatorId: nullableIntegerColumn(row, 'operator_id'),
  widgetProfile: nullableText(row, 'widget_profile'),
  waitingSince: nullableDate(row, 'waiting_since'),
  handoffAt: nullableDate(row, 'handoff_at'),
  assignedAt: nullableDate(row, 'assigned_at'),
  firstResponseAt: nullableDate(row, 'first_response_at'),
});

/** A JSON array of ids stored as text (`messages.grounding_ids`); null is none. */
const idList = (row: Row, column: string): ReadonlyArray<number> => {
  const raw = nullableText(row, column);
  if (raw === null) return [];
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed) || !parsed.every((n) => Number.isSafeInteger(n)))
    throw new RowShapeError(`column ${column} is not a list of ids`);
  return parsed as number[];
};

export const toMessage = (row: Row): Message => {
  const source = nullableText(row, 'source');
  return {
    id: integer(row, 'id'),
    sessionId: integer(row, 'session_id'),
    role: oneOf<Role>(ROLES, text(row, 'role'), 'role'),
    content: text(row, 'content'),
    timestamp: date(row, 'timestamp'),
    tokensUsed: nullableIntegerColumn(row, 'tokens_used'),
    source: source === null ? null : oneOf<AnswerSource>(ANSWER_SOURCES, source, 'source'),
    knowledgeId: nullableIntegerColumn(row, 'knowledge_id'),
    clientMessageId: nullableText(row, 'client_message_id'),
    operatorId: nullableIntegerColumn(row, 'operator_id'),
    groundingIds: idList(row, 'grounding_ids'),
  };
};

/** Every knowledge_base column but the embedding, which entries never carry. */
export const ENTRY_COLUMNS =
  'id, question, answer, category, keywords, priority, is_active, embedding_model, created_at, updated_at';

/**
 * Entries with their counters, which live in knowledge_counters (a missing row: nothing
 * counted yet) as on PostgreSQL (docs/adr/0011-counters-beside-the-entries.md); add a
 * `WHERE` on `k.`. A constant text, so no SQL is ever built from a value.
 */
export const SELECT_ENTRIES = `SELECT ${ENTRY_COLUMNS.split(', ')
  .map((column) => `k.${column}`)
  .join(', ')}, coalesce(c.views_count, 0) AS views_count, coalesce(c.helpful_count, 0) AS helpful_count
  FROM knowledge_base AS k LEFT JOIN knowledge_counters AS c ON c.id = k.id`;

/** Adds one to an entry's view count; changes no row when the entry does not exist. */
export const COUNT_VIEW = `INSERT INTO knowledge_counters (id, views_count) SELECT id, 1 FROM knowledge_base WHERE id = ?
  ON CONFLICT (id) DO UPDATE SET views_count = views_count + 1`;

/** Adds one to an entry's helpful count; changes no row when the entry does not exist. */
export const COUNT_HELPFUL = `INSERT INTO knowledge_counters (id, helpful_count) SELECT id, 1 FROM knowledge_base WHERE id = ?
  ON CONFLICT (id) DO UPDATE SET helpful_count = helpful_count + 1`;

export const toKnowledgeEntry = (row: Row): KnowledgeEntry => ({
  id: integer(row, 'id'),
  question: text(row, 'question'),
  answer: text(row, 'answer'),
  category: nullableText(row, 'category'),
  keywords: nullableText(row, 'keywords'),
  priority: integer(row, 'priority'),
  isActive: boolean(row, 'is_active'),
  viewsCount: integer(row, 'views_count'),
  helpfulCount: integer(row, 'helpful_count'),
  embeddingModel: nullableText(row, 'embedding_model'),
  createdAt: date(row, 'created_at'),
  updatedAt: date(row, 'updated_at'),
});

export const businessHours = (row: Row): BusinessHours | null => {
  const json = nullableText(row, 'business_hours');
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  const decoded = BusinessHours.decode(parsed);
  if (decoded._tag === 'Left') throw new RowShapeError('column business_hours does not hold business hours');
  return decoded.right;
};

export const toWidgetProfile = (row: Row): WidgetProfile => {
  const position = nullableText(row, 'position');
  return {
    id: integer(row, 'id'),
    name: text(row, 'name'),
    welcomeMessage: nullableText(row, 'welcome_message'),
    placeholderText: nullableText(row, 'placeholder_text'),
    botName: nullableText(row, 'bot_name'),
    botAvatarUrl: nullableText(row, 'bot_avatar_url'),
    primaryColor: nullableText(row, 'primary_color'),
    position: position === null ? null : oneOf<WidgetPosition>(WIDGET_POSITIONS, position, 'position'),
    autoOpenDelay: nullableIntegerColumn(row, 'auto_open_delay'),
    offlineMessage: nullableText(row, 'offline_message'),
    isActive: boolean(row, 'is_active'),
    businessHours: businessHours(row),
    language: oneOf<WidgetLanguage>(WIDGET_LANGUAGES, text(row, 'language'), 'language'),
    createdAt: date(row, 'created_at'),
    updatedAt: date(row, 'updated_at'),
  };
};

export const toContextEntry = (row: Row): ContextEntry => ({
  id: integer(row, 'id'),
  key: text(row, 'key'),
  value: text(row, 'value'),
  category: nullableText(row, 'category'),
  createdAt: date(row, 'created_at'),
  updatedAt: date(row, 'updated_at'),
});

/** Booleans and dates as SQLite stores them. */
export const toOperator = (row: Row): Operator => ({
  id: integer(row, 'id'),
  name: text(row, 'name'),
  email: text(row, 'email'),
  role: oneOf<OperatorRole>(['operator', 'admin'], text(row, 'role'), 'role'),
  isActive: boolean(row, 'is_active'),
  createdAt: date(row, 'created_at'),
  lastSeenAt: nullableDate(row, 'last_seen_at'),
});

export const toContactRequest = (row: Row): ContactRequest => ({
  id: integer(row, 'id'),
  sessionId: nullableIntegerColumn(row, 'session_id'),
  visitorId: nullableIntegerColumn(row, 'visitor_id'),
  email: text(row, 'email'),
  name: nullableText(row, 'name'),
  message: nullableText(row, 'message'),
  createdAt: date(row, 'created_at'),
  handledAt: nullableDate(row, 'handled_at'),
  handledBy: nullableIntegerColumn(row, 'handled_by'),
});

export const sqlBoolean = (b: boolean): number => (b ? 1 : 0);
export const sqlDate = (d: Date): number => d.getTime();
