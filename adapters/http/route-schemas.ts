/**
 * JSON schemas of the host's routes: the OpenAPI document (GET /openapi.json) is generated
 * from them, and the answers are serialised with code compiled from them
 * (fast-json-stringify). Inputs are described, not enforced: the facade's io-ts codecs
 * validate every input once and name the field, as every other caller of the library
 * sees it (docs/adr/0017-route-schemas-describe-inputs.md).
 *
 * Every property of an answer is `required`, so a view that stops returning a field fails
 * loudly (serialisation refuses it) instead of silently dropping it from the document.
 */

type Schema = Record<string, unknown>;

const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema.type, 'null'] });

export const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
const time = (description?: string): Schema => ({
  type: 'string',
  format: 'date-time',
  ...(description ? { description } : {}),
});
const nstr = (description?: string) => nullable(str(description));
const nint = (description?: string) => nullable(int(description));
const nnum = (description?: string) => nullable(num(description));
const ntime = (description?: string) => nullable(time(description));
const uuid = (description?: string): Schema => ({
  type: 'string',
  format: 'uuid',
  ...(description ? { description } : {}),
});

/** An answer object: every property present (see above), nothing else. */
export const obj = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...(description ? { description } : {}),
});

/** An input object: the fields named, `required` those that must be there; others are ignored or refused by the facade. */
const input = (properties: Record<string, Schema>, required: ReadonlyArray<string> = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required: [...required] } : {}),
});

const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

/** Any JSON object, passed through as it is (business hours). */
const anyObject = (description: string): Schema => ({
  type: ['object', 'null'],
  additionalProperties: true,
  description,
});

/* ----- shared shapes (components.schemas in the document) ----- */

export const ERROR_SCHEMA_ID = 'Error';

export const SHARED_SCHEMAS: ReadonlyArray<Schema> = [
  {
    $id: ERROR_SCHEMA_ID,
    ...obj({
      error: {
        type: 'object',
        properties: {
          code: str('`ValidationError`, `SessionNotFound`, `RateLimited`, ... (docs/http-api.md, "Conventions")'),
          message: str(),
          path: str('the field at fault, in snake_case (validation errors)'),
          issues: arrayOf(obj({ path: str(), message: str() })),
        },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    }),
    description: 'Every error answer',
  },
];

const errorRef = { $ref: `${ERROR_SCHEMA_ID}#` };

const ERROR_MEANINGS: Record<number, string> = {
  400: 'invalid input (ValidationError with the field path) or malformed JSON',
  401: 'missing or wrong token',
  403: 'a visitor token is required, or the admin API is disabled',
  404: 'not found',
  409: 'conflict (the session has ended, the e-mail or username is taken, ...)',
  413: 'the body is too large',
  415: 'the body is not JSON',
  429: 'rate limited (see Retry-After)',
  500: 'internal error (details in the log only)',
  503: 'storage unavailable',
};

/** Error answers of a route: the shared Error shape under each status. */
export const errors = (...statuses: ReadonlyArray<number>): Record<number, Schema> =>
  Object.fromEntries(statuses.map((s) => [s, { ...errorRef, description: ERROR_MEANINGS[s] ?? 'error' }]));

/** What every route can answer besides its own errors. */
const COMMON_ERRORS = [429, 500, 503] as const;
const BODY_ERRORS = [400, 413, 415] as const;

/* ----- views (json-views.ts) ----- */

export const publicSessionSchema = obj({
  session_uuid: uuid(),
  is_active: bool(),
  created_at: time(),
  ended_at: ntime(),
  satisfaction_rating: nint('1..5'),
});

export const adminSessionSchema = obj({
  id: int(),
  session_uuid: uuid(),
  visitor_id: nint(),
  user_id: nint(),
  title: nstr(),
  page_url: nstr(),
  created_at: time(),
  updated_at: time(),
  ended_at: ntime(),
  is_active: bool(),
  satisfaction_rating: nint(),
});

const SOURCES = '`faq`, `ai`, `handoff`, `welcome`, `search_failed`, ... (docs/http-api.md)';

export const messageSchema = obj({
  id: int(),
  role: str('`user`, `assistant` or `system`'),
  content: str(),
  timestamp: time(),
  source: nstr(`where a reply came from: ${SOURCES}`),
  knowledge_id: nint('the FAQ entry an answer came from'),
  client_message_id: nstr(),
});

/** The fields of an FAQ entry a caller writes, as answers show them and bodies send them. */
const knowledgeFields = {
  question: str(),
  answer: str(),
  category: nstr(),
  keywords: nstr(),
  priority: int(),
  is_active: bool(),
};

export const knowledgeSchema = obj({
  id: int(),
  ...knowledgeFields,
  views_count: int(),
  helpful_count: int(),
  embedding_model: nstr('the embedder that made the entry\u2019s vector; null without one'),
  created_at: time(),
  updated_at: time(),
});

const widgetFields = {
  name: str(),
  welcome_message: nstr(),
  placeholder_text: nstr(),
  bot_name: nstr(),
  bot_avatar_url: nstr(),
  primary_color: nstr('#hex'),
  position: nstr('`bottom-right`, `bottom-left`, `top-right` or `top-left`'),
  auto_open_delay: nint('seconds'),
  offline_message: nstr(),
  business_hours: anyObject('`{"timezone": "Europe/Moscow", "monday": {"start": "09:00", "end": "18:00"}, …}`'),
  language: str('`ru` or `en`'),
};

export const adminWidgetSchema = obj({
  id: int(),
  ...widgetFields,
  is_active: bool(),
  created_at: time(),
  updated_at: time(),
});

export const publicWidgetSchema = obj({
  ...widgetFields,
  online: bool('the same as availability.people.within_hours (for widgets that predate it)'),
  availability: obj({
    bot: bool('always true: the bot answers around the clock'),
    people: obj({
      has_hours: bool(),
      within_hours: bool(),
      opens_at: ntime(),
      closes_at: ntime(),
      timezone: nstr(),
    }),
  }),
});

export const contextSchema = obj({
  key: str(),
  value: str(),
  category: nstr(),
  created_at: time(),
  updated_at: time(),
});

const statsProperties = {
  total_messages: int(),
  user_messages_count: int(),
  assistant_messages_count: int(),
  system_messages_count: int(),
  total_tokens: int(),
  duration_seconds: nnum(),
  first_message: ntime(),
  last_message: ntime(),
};

/* ----- route schemas ----- */

type Security = ReadonlyArray<Record<string, ReadonlyArray<string>>>;
const visitorSecurity: Security = [{ visitorToken: [] }, { visitorCookie: [] }];
const adminSecurity: Security = [{ adminToken: [] }];

const sessionQuery = input({ session_uuid: uuid('the chat, one of the caller\u2019s own') }, ['session_uuid']);
const pageQuery = input({ limit: int('1..100'), offset: int('0 or more') });

const route = (
  tags: string,
  summary: string,
  parts: {
    body?: Schema;
    querystring?: Schema;
    params?: Schema;
    response: Record<number, Schema>;
    security?: ReadonlyArray<Record<string, ReadonlyArray<string>>>;
    description?: string;
  },
): Schema => ({
  tags: [tags],
  summary,
  ...(parts.description ? { description: parts.description } : {}),
  ...(parts.body ? { body: parts.body } : {}),
  ...(parts.querystring ? { querystring: parts.querystring } : {}),
  ...(parts.params ? { params: parts.params } : {}),
  ...(parts.security ? { security: parts.security } : {}),
  response: parts.response,
});

export const CHAT_SCHEMAS = {
  start: route('chat', 'Start a chat (continues the visitor proven by a token, else a new visitor)', {
    body: input({
      page_url: nstr('http(s) URL of the page the chat started on'),
      widget_profile: str('the profile whose welcome message opens the chat (default `default`)'),
      title: nstr(),
    }),
    response: {
      200: obj({
        session_uuid: uuid(),
        welcome_message: str(),
        visitor_id: uuid('the visitor\u2019s UUID'),
        visitor_token: str('send as X-Visitor-Token (also set as an HttpOnly cookie)'),
        created_at: time(),
      }),
      ...errors(...BODY_ERRORS, ...COMMON_ERRORS),
    },
  }),
  message: route('chat', 'Send a visitor message and get the reply (FAQ, AI model or hand-off)', {
    body: input(
      {
        session_uuid: uuid(),
        message: str('up to 10,000 characters'),
        client_message_id: nstr('idempotency key: a retry with the same key gets the same reply'),
      },
      ['session_uuid', 'message'],
    ),
    security: visitorSecurity,
    response: {
      200: obj({
        answer: str(),
        confidence: str('`high` for an FAQ answer, `low` otherwise'),
        source: str(SOURCES),
        knowledge_id: nint(),
        message_id: int(),
        timestamp: time(),
      }),
      ...errors(...BODY_ERRORS, 403, 404, 409, ...COMMON_ERRORS),
    },
  }),
  end: route('chat', 'End a chat with an optional 1..5 rating', {
    body: input({ session_uuid: uuid(), rating: nint('1..5') }, ['session_uuid']),
    security: visitorSecurity,
    response: {
      200: obj({
        session_uuid: uuid(),
        total_messages: int(),
        user_messages: int(),
        rating: nint(),
        duration_seconds: nnum(),
        ended_at: ntime(),
      }),
      ...errors(...BODY_ERRORS, 403, 404, 409, ...COMMON_ERRORS),
    },
  }),
  history: route('chat', 'A chat\u2019s messages, in order', {
    querystring: sessionQuery,
    security: visitorSecurity,
    response: {
      200: obj({ session: publicSessionSchema, messages: arrayOf(messageSchema) }),
      ...errors(400, 403, 404, ...COMMON_ERRORS),
    },
  }),
  export: route('chat', 'A chat as text, JSON or HTML (every stored string escaped)', {
    querystring: input(
      { session_uuid: uuid(), format: { type: 'string', enum: ['text', 'json', 'html'], description: 'default text' } },
      ['session_uuid'],
    ),
    security: visitorSecurity,
    response: {
      200: {
        description: 'the export, as the chosen format',
        content: {
          'text/plain': { schema: str() },
          'application/json': { schema: str('a JSON document') },
          'text/html': { schema: str() },
        },
      },
      ...errors(400, 403, 404, ...COMMON_ERRORS),
    },
  }),
  register: route('chat', 'Register the visitor as a user; their chats move to the user', {
    body: input(
      {
        username: str(),
        email: nstr(),
        phone: nstr(),
        user_hash: str('HMAC-SHA256 of the identity, when the host verifies identities (IDENTITY_SECRET)'),
      },
      ['username'],
    ),
    security: visitorSecurity,
    response: {
      201: obj({ user_id: int(), username: str(), email: nstr(), moved_sessions: int() }),
      ...errors(...BODY_ERRORS, 401, 403, 404, 409, ...COMMON_ERRORS),
    },
  }),
} as const;

export const FAQ_SCHEMAS = {
  search: route('faq', 'Search the FAQ (hybrid: vectors and full text)', {
    querystring: input({ q: str('the question'), category: str(), limit: int('1..100, default 5') }, ['q']),
    response: {
      200: obj({
        mode: str('`hybrid`, `vector` or `text`'),
        results: arrayOf(obj({ id: int(), question: str(), answer: str(), category: nstr(), confidence: num('0..1') })),
      }),
      ...errors(400, ...COMMON_ERRORS),
    },
  }),
  helpful: route('faq', 'Count a "this answer helped" vote', {
    params: input({ id: int('the FAQ entry') }, ['id']),
    security: visitorSecurity,
    response: { 200: obj({ ok: { type: 'boolean', enum: [true] } }), ...errors(400, 403, 404, ...COMMON_ERRORS) },
  }),
} as const;

export const WIDGET_SCHEMAS = {
  profile: route('widget', 'A widget profile\u2019s public settings and who can answer now', {
    params: input({ name: str('profile name') }, ['name']),
    response: { 200: publicWidgetSchema, ...errors(400, 404, ...COMMON_ERRORS) },
  }),
} as const;

const knowledgeBody = input({
  ...knowledgeFields,
  auto_embed: bool('default true: false stores the entry without a vector'),
});

const idParams = input({ id: int() }, ['id']);
const nameParams = input({ name: str() }, ['name']);
const keyParams = input({ key: str() }, ['key']);
const adminErrors = [401, 403, ...COMMON_ERRORS] as const;
const entries = obj({ entries: arrayOf(knowledgeSchema) });

const admin = (summary: string, parts: Parameters<typeof route>[2]) =>
  route('admin', summary, { ...parts, security: adminSecurity });

export const ADMIN_SCHEMAS = {
  listFaq: admin('FAQ entries by id, a page at a time', {
    querystring: input({ ...(pageQuery.properties as Record<string, Schema>), include_inactive: bool() }),
    response: { 200: entries, ...errors(400, ...adminErrors) },
  }),
  addFaq: admin('Add an FAQ entry (embedded unless auto_embed is false)', {
    body: { ...knowledgeBody, required: ['question', 'answer'] },
    response: { 201: knowledgeSchema, ...errors(...BODY_ERRORS, ...adminErrors) },
  }),
  bulkFaq: admin('Add up to 10,000 FAQ entries in one transaction (all or none)', {
    body: input({ entries: arrayOf({ ...knowledgeBody, required: ['question', 'answer'] }), auto_embed: bool() }, [
      'entries',
    ]),
    response: {
      201: obj({ count: int(), entries: arrayOf(knowledgeSchema) }),
      ...errors(...BODY_ERRORS, ...adminErrors),
    },
  }),
  faqStats: admin('FAQ entries per category', {
    response: { 200: obj({ categories: arrayOf(obj({ category: nstr(), count: int() })) }), ...errors(...adminErrors) },
  }),
  unanswered: admin('Questions the FAQ had no confident answer for, most asked first', {
    querystring: pageQuery,
    response: {
      200: obj({
        questions: arrayOf(obj({ text: str(), example: str(), count: int(), first_seen: time(), last_seen: time() })),
      }),
      ...errors(400, ...adminErrors),
    },
  }),
  updateFaq: admin('Change fields of an FAQ entry (re-embedded when the text changed)', {
    params: idParams,
    body: knowledgeBody,
    response: { 200: knowledgeSchema, ...errors(...BODY_ERRORS, 404, ...adminErrors) },
  }),
  deactivateFaq: admin('Take an FAQ entry out of search (the row is kept for history)', {
    params: idParams,
    response: { 200: knowledgeSchema, ...errors(400, 404, ...adminErrors) },
  }),
  listWidgets: admin('Every widget profile', {
    response: { 200: obj({ profiles: arrayOf(adminWidgetSchema) }), ...errors(...adminErrors) },
  }),
  getWidget: admin('A widget profile with every field', {
    params: nameParams,
    response: { 200: adminWidgetSchema, ...errors(400, 404, ...adminErrors) },
  }),
  putWidget: admin('Create a widget profile or change the given fields (null clears one)', {
    params: nameParams,
    body: input(
      Object.fromEntries(Object.entries({ ...widgetFields, is_active: bool() }).filter(([name]) => name !== 'name')),
    ),
    response: { 200: adminWidgetSchema, ...errors(...BODY_ERRORS, ...adminErrors) },
  }),
  listContext: admin('The agent context by key, optionally of one category', {
    querystring: input({ category: str() }),
    response: { 200: obj({ entries: arrayOf(contextSchema) }), ...errors(400, ...adminErrors) },
  }),
  getContext: admin('One key of the agent context', {
    params: keyParams,
    response: { 200: contextSchema, ...errors(400, 404, ...adminErrors) },
  }),
  putContext: admin('Set a key of the agent context', {
    params: keyParams,
    body: input({ value: str(), category: nstr() }, ['value']),
    response: { 200: contextSchema, ...errors(...BODY_ERRORS, ...adminErrors) },
  }),
  activeSessions: admin('Active chats, oldest first', {
    querystring: pageQuery,
    response: { 200: obj({ sessions: arrayOf(adminSessionSchema) }), ...errors(400, ...adminErrors) },
  }),
  sessionAnalytics: admin('A chat\u2019s statistics', {
    params: input({ uuid: uuid() }, ['uuid']),
    response: {
      200: obj({ session: adminSessionSchema, ...statsProperties }),
      ...errors(400, 404, ...adminErrors),
    },
  }),
} as const;

const text = (type: string, description: string): Schema => ({ description, content: { [type]: { schema: str() } } });

export const OPS_SCHEMAS = {
  health: route('operations', 'Liveness: the process is up and serving', {
    response: { 200: obj({ status: { type: 'string', enum: ['ok'] } }) },
  }),
  ready: route('operations', 'Readiness: storage reachable, migrations current, embedder matching the stored vectors', {
    response: {
      200: readinessSchema('ready'),
      503: readinessSchema('not ready: `reasons` says why (also while the host shuts down)'),
    },
  }),
  metrics: route('operations', 'Prometheus metrics (admin token; or on METRICS_PORT without one)', {
    security: adminSecurity,
    response: { 200: text('text/plain', 'the Prometheus text format'), ...errors(401, 403) },
  }),
  openapi: route('operations', 'This API as an OpenAPI 3.1 document', {
    response: { 200: { type: 'object', additionalProperties: true, description: 'the OpenAPI document' } },
  }),
  docs: route('operations', 'This API as a browsable page', {
    response: { 200: text('text/html', 'an HTML page generated from the OpenAPI document') },
  }),
} as const;

function readinessSchema(description: string): Schema {
  return obj(
    {
      ready: bool(),
      reasons: arrayOf(str()),
      checks: obj({
        storage: bool('the store answered'),
        migrations: bool('every shipped migration is applied, none changed since'),
        embedder: bool('every stored vector was made by the configured embedder'),
      }),
    },
    description,
  );
}

export const PAGE_SCHEMAS = {
  demo: route('pages', 'The demo shop page with the widget', { response: { 200: text('text/html', 'HTML') } }),
  widget: route('pages', 'The embeddable widget script (any origin may load it)', {
    response: { 200: text('text/javascript', 'JavaScript') },
  }),
  css: route('pages', 'The demo page\u2019s style sheet', { response: { 200: text('text/css', 'CSS') } }),
  favicon: route('pages', 'No icon (an empty answer keeps the log free of 404s)', {
    response: { 204: { description: 'no content', type: 'null' } },
  }),
} as const;
