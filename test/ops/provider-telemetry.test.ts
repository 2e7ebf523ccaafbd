/**
 * Provider calls seen by a host: every call is timed for its telemetry, a failure is
 * logged through the Logger port with its cause, and the host's stop signal cancels a
 * call in flight (docs/adr/0016).
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/index.js';
import { answerGenerationFailed } from '../../src/domain/errors.js';
import type { AnswerGenerator } from '../../src/ports/answer-generator.js';
import type { LogFields, Logger } from '../../src/ports/logger.js';
import type { ProviderCall } from '../../src/ports/telemetry.js';

const recordingLogger = () => {
  const lines: Array<{ level: string; fields: LogFields; message: string }> = [];
  const at =
    (level: string) =>
    (fields: LogFields, message: string): void =>
      void lines.push({ level, fields, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
};

const failing: AnswerGenerator = {
  generate: () => TE.left(answerGenerationFailed('chat completion request to http://127.0.0.1:9/v1 failed: HTTP 503')),
};

/** Waits for its signal (or 30 s), then fails the way the real generator does when aborted. */
const waitingForSignal: AnswerGenerator = {
  generate: (_request, options = {}) =>
    TE.leftTask(
      () =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve(answerGenerationFailed('timed out')), 30_000);
          options.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(answerGenerationFailed('cancelled by the caller'));
          });
        }),
    ),
};

const chat = async (assistant: Awaited<ReturnType<typeof createAssistant>>) => {
  const started = await assistant.startChat({});
  return assistant.processMessage({ sessionUuid: started.sessionUuid, message: 'где мой заказ с котом?' });
};

describe('provider calls through createAssistant', () => {
  it('a failing AI provider is logged at warn with its cause and reported as failed', async () => {
    const { logger, lines } = recordingLogger();
    const calls: ProviderCall[] = [];
    const assistant = await createAssistant(
      {},
      { answerGenerator: failing, logger, telemetry: { providerCall: (c) => void calls.push(c) } },
    );
    try {
      const reply = await chat(assistant);
      expect(reply.source).toBe('handoff');
      const warn = lines.find((l) => l.level === 'warn' && l.fields.provider === 'answer-generator');
      expect(warn?.message).toContain('AI answer generation failed');
      expect(warn?.fields.cause).toContain('HTTP 503');
      expect(warn?.fields.outcome).toBe('failed');
      // the visitor's text is not a field of the warning
      expect(JSON.stringify(lines.filter((l) => l.level !== 'debug'))).not.toContain('котом');
      const generations = calls.filter((c) => c.provider === 'answer-generator');
      expect(generations).toHaveLength(1);
      expect(generations[0]?.outcome).toBe('failed');
      expect(generations[0]?.durationMs).toBeGreaterThanOrEqual(0);
      // the offline embedder is a provider too: the question was embedded for the search
      expect(calls.some((c) => c.provider === 'embedder' && c.outcome === 'ok')).toBe(true);
    } finally {
      await assistant.close();
    }
  });

  it('without an AI model configured nothing is logged: declining is not a failure', async () => {
    const { logger, lines } = recordingLogger();
    const calls: ProviderCall[] = [];
    const assistant = await createAssistant({}, { logger, telemetry: { providerCall: (c) => void calls.push(c) } });
    try {
      expect((await chat(assistant)).source).toBe('handoff');
      expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
      expect(calls.filter((c) => c.provider === 'answer-generator')).toEqual([]);
    } finally {
      await assistant.close();
    }
  });

  it('the stop signal cancels a call in flight: reported as cancelled, logged at info only', async () => {
    const { logger, lines } = recordingLogger();
    const calls: ProviderCall[] = [];
    const stop = new AbortController();
    const assistant = await createAssistant(
      {},
      {
        answerGenerator: waitingForSignal,
        logger,
        telemetry: { providerCall: (c) => void calls.push(c) },
        providerStopSignal: stop.signal,
      },
    );
    try {
      const started = Date.now();
      const pending = chat(assistant);
      setTimeout(() => stop.abort(), 100);
      expect((await pending).source).toBe('handoff');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(calls.find((c) => c.provider === 'answer-generator')?.outcome).toBe('cancelled');
      expect(lines.some((l) => l.level === 'info' && l.fields.outcome === 'cancelled')).toBe(true);
      expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
    } finally {
      await assistant.close();
    }
  });

  it('a throwing telemetry does not change the answer', async () => {
    const assistant = await createAssistant(
      {},
      {
        answerGenerator: failing,
        logger: recordingLogger().logger,
        telemetry: {
          providerCall: () => {
            throw new Error('metrics down');
          },
        },
      },
    );
    try {
      expect((await chat(assistant)).source).toBe('handoff');
    } finally {
      await assistant.close();
    }
  });
});
