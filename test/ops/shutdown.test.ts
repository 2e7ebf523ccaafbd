/**
 * Graceful shutdown with a deadline: a request waiting for a slow AI provider when the
 * host is told to stop still gets its answer (the provider call is cancelled just before
 * the deadline, the visitor gets the hand-off), the whole stop takes no longer than
 * SHUTDOWN_TIMEOUT_MS, event streams are told when to come back, and nothing is accepted
 * after. Also with a real SIGTERM to a host process.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStream, ServerSentEvent } from '../../adapters/http/event-stream.js';
import { closeGracefully } from '../../adapters/http/graceful-shutdown.js';
import { createHttpServer } from '../../adapters/http/index.js';
import { startHost, type RunningHost } from '../../src/cli/host.js';
import { answerGenerationFailed } from '../../src/domain/errors.js';
import { createAssistant } from '../../src/index.js';
import type { AnswerGenerator } from '../../src/ports/answer-generator.js';
import { call, startChat } from '../http/http-harness.js';
import { logCapture, startFakeProvider, type FakeProvider } from './ops-harness.js';

const root = resolve(import.meta.dirname, '../..');

/** A provider that answers after a minute unless its signal fires; `called` resolves when asked. */
const slowProvider = () => {
  let markCalled: () => void = () => undefined;
  const called = new Promise<void>((r) => (markCalled = r));
  const generator: AnswerGenerator = {
    generate: (_request, options = {}) =>
      TE.leftTask(
        () =>
          new Promise((done) => {
            markCalled();
            const timer = setTimeout(() => done(answerGenerationFailed('no answer within a minute')), 60_000);
            options.signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              done(answerGenerationFailed('cancelled by the caller'));
            });
          }),
      ),
  };
  return { generator, called };
};

let host: RunningHost | null = null;
let provider: FakeProvider | null = null;
afterEach(async () => {
  await host?.stop('test done');
  await provider?.close();
  host = null;
  provider = null;
});

describe('graceful shutdown', () => {
  it('a request in flight gets its answer, the provider call is cancelled, and the stop ends within the deadline', async () => {
    const slow = slowProvider();
    const logs = logCapture();
    host = await startHost({
      env: { SHUTDOWN_TIMEOUT_MS: '1500', LOG_LEVEL: 'info' },
      demo: true,
      port: 0,
      out: () => undefined,
      overrides: { answerGenerator: slow.generator },
      logDestination: logs.destination,
    });
    const { url } = host;
    const chat = await startChat(url);
    const inFlight = call(url, 'POST', '/api/chat/message', {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, message: 'почему небо синее' },
    });
    await slow.called;
    const started = Date.now();
    await host.stop('SIGTERM');
    const stopMs = Date.now() - started;
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.source).toBe('handoff');
    // cancelled ahead of the deadline (1500 ms less 300 ms), not cut at it
    expect(stopMs).toBeGreaterThanOrEqual(1_000);
    expect(stopMs).toBeLessThan(1_500 + 500);
    const closed = logs.lines().find((l) => l.msg === 'server closed');
    expect(closed).toMatchObject({ reason: 'SIGTERM', forced: false });
    expect(logs.lines().some((l) => l.msg === 'answer-generator call cancelled')).toBe(true);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('with nothing in flight it stops at once', async () => {
    host = await startHost({ env: { LOG_LEVEL: 'silent' }, demo: false, port: 0, out: () => undefined });
    const started = Date.now();
    await host.stop('SIGTERM');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a request that ignores the cancellation is cut at the deadline', async () => {
    const assistant = await createAssistant();
    let release: () => void = () => undefined;
    const hanging = new Proxy(assistant, {
      get: (target, name, receiver) =>
        name === 'faqCategoryStats'
          ? () => new Promise((r) => (release = () => r([])))
          : (Reflect.get(target, name, receiver) as unknown),
    });
    const app = await createHttpServer({ assistant: hanging, adminToken: 't', rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const stuck = call(base, 'GET', '/api/admin/faq/stats', { headers: { authorization: 'Bearer t' } }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    let deadlineCalls = 0;
    const report = await closeGracefully(app, { deadlineMs: 600, onDeadline: () => deadlineCalls++ });
    expect(report.forced).toBe(true);
    expect(report.elapsedMs).toBeLessThan(1_200);
    expect(deadlineCalls).toBeGreaterThan(0);
    expect(await stuck).toBe('cut');
    release();
    await assistant.close();
  });

  it('open event streams are told to reconnect after a retry hint, and closed', async () => {
    const assistant = await createAssistant();
    const app = await createHttpServer({ assistant, rateLimit: false, streamRetryMs: 4_000 });
    const sent: ServerSentEvent[] = [];
    let closed = false;
    const listeners: Array<() => void> = [];
    const stream: EventStream = {
      send: (e) => (closed ? false : (sent.push(e), true)),
      close: () => {
        closed = true;
        for (const l of listeners) l();
      },
      closed: () => closed,
      onClose: (l) => void listeners.push(l),
    };
    app.eventStreams.add(stream);
    await closeGracefully(app, { deadlineMs: 1_000 });
    expect(sent).toEqual([{ event: 'reconnect', data: { retry_ms: 4_000 } }]);
    expect(closed).toBe(true);
    expect(app.eventStreams.open()).toBe(0);
    await assistant.close();
  });

  it('a host process on SIGTERM: the real provider call is cancelled, the visitor answered, the exit clean and in time', async () => {
    provider = await startFakeProvider('hang');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--port', '0'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        AI_PROVIDER: 'openai',
        AI_BASE_URL: provider.baseUrl,
        AI_API_KEY: 'sk-shutdown-test-key',
        SHUTDOWN_TIMEOUT_MS: '2000',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      let url: string | undefined;
      for (let i = 0; i < 600 && !url; i++) {
        url = /Open (http:\/\/127\.0\.0\.1:\d+)\/ to chat/.exec(stdout)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 50));
      }
      if (!url) throw new Error(`the host did not start:\n${stdout}`);
      const chat = await startChat(url);
      const arrived = provider.nextRequest();
      const inFlight = call(url, 'POST', '/api/chat/message', {
        headers: chat.headers,
        body: { session_uuid: chat.sessionUuid, message: 'почему небо синее' },
      });
      await arrived;
      const started = Date.now();
      child.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.source).toBe('handoff');
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(2_000 + 1_000);
      expect(stdout).toContain('SIGTERM: stopping');
      expect(stdout).toContain('"msg":"server closed"');
      expect(stdout).not.toContain('sk-shutdown-test-key');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
