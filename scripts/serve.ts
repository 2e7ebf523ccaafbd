/**
 * The main job: the JSON API, the embeddable widget and a demo shop page.
 *
 *   npm start                                  # sql.js in memory, seeded with the specification's FAQ
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test npm start
 *   npm start -- --smoke                       # start on a free port, chat once over HTTP, stop (CI)
 *
 * Environment: PORT (3000), HOST (127.0.0.1), ADMIN_TOKEN (random and printed when unset),
 * IDENTITY_SECRET (turns on user_hash checks for /api/chat/register), VISITOR_TOKEN_SECRET
 * (keeps visitor tokens valid across restarts; random per process when unset),
 * CORS_ORIGINS (comma-separated), TRUST_PROXY (1 behind a reverse proxy), LOG (1 for request logs),
 * plus the storage variables of docs/configuration.md.
 */
import { randomBytes } from 'node:crypto';
import { createHttpServer } from '../adapters/http/index.js';
import { createAssistantFromEnv } from '../src/index.js';
import { seedSpecificationData } from './demo/spec-seed.js';

const env = process.env;
const line = (s = '') => process.stdout.write(`${s}\n`);
const smoke = process.argv.includes('--smoke');

const portFrom = (raw: string | undefined): number => {
  if (raw === undefined || raw === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be a port number, got "${raw}"`);
  return n;
};

/** One real chat over HTTP: proves the page, the widget and the FAQ answer are served. */
const smokeTest = async (base: string): Promise<void> => {
  const page = await fetch(`${base}/`);
  if (!page.ok || !(await page.text()).includes('/widget.js')) throw new Error('demo page not served');
  if (!(await fetch(`${base}/widget.js`)).ok) throw new Error('widget.js not served');
  const start = await fetch(`${base}/api/chat/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ widget_profile: 'default', page_url: `${base}/` }),
  });
  const started = (await start.json()) as { session_uuid: string; visitor_token: string; welcome_message: string };
  line(`smoke: 🤖 ${started.welcome_message}`);
  const headers = { 'content-type': 'application/json', 'x-visitor-token': started.visitor_token };
  const asked = await fetch(`${base}/api/chat/message`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ session_uuid: started.session_uuid, message: 'Как оформить заказ?' }),
  });
  const reply = (await asked.json()) as { answer: string; source: string };
  line(`smoke: 👤 Как оформить заказ?\nsmoke: 🤖 ${reply.answer} (${reply.source})`);
  if (reply.source !== 'faq') throw new Error('the FAQ did not answer');
  const ended = await fetch(`${base}/api/chat/end`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ session_uuid: started.session_uuid, rating: 5 }),
  });
  if (!ended.ok) throw new Error(`end chat failed: ${ended.status}`);
  line('smoke: chat ended, rating 5');
};

const main = async () => {
  const port = smoke ? 0 : portFrom(env.PORT);
  const host = env.HOST || '127.0.0.1';
  const generatedAdminToken = !env.ADMIN_TOKEN;
  const adminToken = env.ADMIN_TOKEN || randomBytes(24).toString('base64url');
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

  const assistant = await createAssistantFromEnv();
  const { seeded } = await seedSpecificationData(assistant);
  const server = await createHttpServer({
    assistant,
    adminToken,
    identitySecret: env.IDENTITY_SECRET || null,
    ...(env.VISITOR_TOKEN_SECRET ? { visitorTokenSecret: env.VISITOR_TOKEN_SECRET } : {}),
    corsOrigins,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logger: env.LOG === '1',
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    line(`${signal}: stopping`);
    try {
      await server.close();
    } finally {
      await assistant.close();
    }
  };

  await server.listen({ port, host });
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${actualPort}`;

  line(
    `web-assistant: ${assistant.storageKind} storage${seeded ? ", seeded with the specification's FAQ and the default, sales and support profiles" : ''}`,
  );
  if (assistant.storageKind === 'sqljs' && !env.DATABASE_URL)
    line('web-assistant: data is kept in memory and lost on exit (set DATABASE_URL to keep it)');
  line(
    `web-assistant: admin API token${generatedAdminToken ? ' (generated, set ADMIN_TOKEN to choose one)' : ''}: ${generatedAdminToken ? adminToken : '(from ADMIN_TOKEN)'}`,
  );
  if (!env.VISITOR_TOKEN_SECRET)
    line(
      'web-assistant: visitor tokens use a per-process key (set VISITOR_TOKEN_SECRET to keep chats across restarts)',
    );
  line(`Open ${base}/ to chat`);

  if (smoke) {
    try {
      await smokeTest(base);
    } finally {
      await stop('smoke test done');
    }
    return;
  }
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((e: unknown) => {
  process.stderr.write(`web-assistant: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
