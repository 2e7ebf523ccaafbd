/**
 * The host's log lines: structured (JSON here, as a log collector reads them), a request
 * id on each line of a request and in the X-Request-ID answer header, every 5xx and every
 * provider failure logged with its cause, and no secret (API key, admin token, visitor
 * token, cookie) and no visitor text above debug level in any line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHostLogger, libraryLogger, requestIdOf } from '../../adapters/http/host-logger.js';
import { createHttpServer } from '../../adapters/http/index.js';
import { startHost, type RunningHost } from '../../src/cli/host.js';
import { createAssistant } from '../../src/index.js';
import { call, startChat } from '../http/http-harness.js';
import { logCapture, startFakeProvider, type FakeProvider, type LogLine } from './ops-harness.js';

const API_KEY = 'sk-test-0123456789abcdefSECRET';
const ADMIN = 'admin-token-for-the-logging-test-0123';
const VISITOR_SECRET = 'visitor-token-secret-for-logging-test-0123456789';

let host: RunningHost | null = null;
let provider: FakeProvider | null = null;
afterEach(async () => {
  await host?.stop('test done');
  await provider?.close();
  host = null;
  provider = null;
});

describe('host logs', () => {
  it('a failing AI provider: logged at warn with its cause and the request id, no key, token or visitor text', async () => {
    provider = await startFakeProvider('fail');
    const logs = logCapture();
    host = await startHost({
      env: {
        AI_PROVIDER: 'openai',
        AI_BASE_URL: provider.baseUrl,
        AI_API_KEY: API_KEY,
        ADMIN_TOKEN: ADMIN,
        VISITOR_TOKEN_SECRET: VISITOR_SECRET,
        LOG_LEVEL: 'info',
      },
      demo: true,
      port: 0,
      out: () => undefined,
      logDestination: logs.destination,
    });
    const chat = await startChat(host.url);
    const question = 'сколько стоит слон в зоопарке';
    const res = await call(host.url, 'POST', '/api/chat/message', {
      headers: { ...chat.headers, cookie: `visitor_token=${chat.token}`, authorization: `Bearer ${ADMIN}` },
      body: { session_uuid: chat.sessionUuid, message: question },
    });
    expect(res.body.source).toBe('handoff');
    // the provider got the key: it is a real secret of this run
    expect(provider.requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = logs.lines();
    const failure = lines.find((l) => l.msg?.includes('AI answer generation failed'));
    expect(failure).toMatchObject({ level: 40, provider: 'answer-generator', outcome: 'failed', reqId: requestId });
    expect(String(failure?.cause)).toContain('HTTP 500');
    expect(String(failure?.cause)).toContain('the model is overloaded');
    // every line of the request carries its id
    const ofRequest = lines.filter((l) => l.reqId === requestId);
    expect(ofRequest.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'request completed', failure?.msg]),
    );
    const text = logs.text();
    for (const secret of [API_KEY, ADMIN, VISITOR_SECRET, chat.token]) expect(text).not.toContain(secret);
    expect(text).not.toContain(question);
  });

  it('a 500: logged at error with its cause and request id; the answer says only "internal error"', async () => {
    const logs = logCapture();
    const logger = await createHostLogger({ destination: logs.destination });
    const assistant = await createAssistant({}, { logger: libraryLogger(logger) });
    const broken = new Proxy(assistant, {
      get: (target, name, receiver) =>
        name === 'searchFaq'
          ? () => Promise.reject(new Error('disk on fire at /var/lib/postgresql'))
          : (Reflect.get(target, name, receiver) as unknown),
    });
    const app = await createHttpServer({ assistant: broken, adminToken: ADMIN, rateLimit: false, logger });
    try {
      const res = await app.inject({
        url: '/api/faq/search?q=секретный%20вопрос',
        headers: { authorization: `Bearer ${ADMIN}`, 'x-request-id': 'lb-7f3a.42' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'InternalError', message: 'internal error' } });
      // a proxy's request id is kept, so one request can be followed through both
      expect(res.headers['x-request-id']).toBe('lb-7f3a.42');
      const failed = logs.lines().find((l) => l.msg === 'request failed');
      expect(failed).toMatchObject({ level: 50, reqId: 'lb-7f3a.42' });
      expect((failed?.err as { message?: string } | undefined)?.message).toContain('disk on fire');
      const completed = logs.lines().find((l) => l.msg === 'request completed');
      expect(completed?.res).toEqual({ statusCode: 500 });
      // the path is logged, the query (a visitor's question) is not
      expect((logs.lines().find((l) => l.msg === 'incoming request')?.req as { url?: string }).url).toBe(
        '/api/faq/search',
      );
      expect(logs.text()).not.toContain(ADMIN);
      expect(decodeURIComponent(logs.text())).not.toContain('секретный');
    } finally {
      await app.close();
      await assistant.close();
    }
  });

  it('secrets in fields are censored wherever they appear; visitor text only at debug', async () => {
    const logs = logCapture();
    const logger = await createHostLogger({ destination: logs.destination, level: 'debug' });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer A', cookie: 'visitor_token=B', 'x-visitor-token': 'C' } },
        config: { apiKey: 'D', password: 'E' },
        token: 'F',
      },
      'x',
    );
    const [line] = logs.lines() as [LogLine];
    expect(JSON.stringify(line)).not.toMatch(/Bearer A|visitor_token=B|"C"|"D"|"E"|"F"/);
    expect(line.token).toBe('[redacted]');

    const quiet = logCapture();
    const info = libraryLogger(await createHostLogger({ destination: quiet.destination, level: 'info' }));
    info.debug({ text: 'visitor wrote this' }, 'debug detail');
    info.warn({ provider: 'embedder' }, 'warned');
    expect(quiet.text()).not.toContain('visitor wrote this');
    expect(quiet.lines().map((l) => l.msg)).toEqual(['warned']);
  });

  it('takes a proxy\u2019s request id only when it looks like one', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'abc-123' } })).toBe('abc-123');
    expect(requestIdOf({ headers: { 'x-request-id': 'a\nfake line' } })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf({ headers: { 'x-request-id': 'x'.repeat(200) } })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf({ headers: {} })).toMatch(/^[0-9a-f-]{36}$/);
  });
});
