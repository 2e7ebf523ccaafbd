/**
 * A bounded load driver for the reference HTTP host, over loopback: V visitors at once,
 * each starting a chat, sending a few messages, ending it with a rating, and starting the
 * next, until it has sent its share. It records every answer with its latency, so a
 * caller can check what the host answered (answers changed under load) as well as how
 * fast (throughput, p50/p99).
 */
import { nowMs } from './stats.js';

export interface HttpLoadOptions {
  /** `http://127.0.0.1:<port>` of a host started by the caller. */
  readonly base: string;
  /** How many visitors send at the same time. */
  readonly visitors: number;
  /** How many messages each visitor sends in all. */
  readonly messagesPerVisitor: number;
  /** Messages per chat before it is ended (with a rating) and a new one started; default 10. */
  readonly messagesPerChat?: number;
  /** What visitors ask: visitor v's message i is `questions[(v * 7 + i) % length]`, so visitors ask in different orders. */
  readonly questions: ReadonlyArray<string>;
  /** Default 10 s; a request that takes longer counts as failed. */
  readonly requestTimeoutMs?: number;
}

/** One answer as the host gave it. */
export interface AnswerRecord {
  readonly visitor: number;
  /** 0-based index of the message among the visitor's messages. */
  readonly index: number;
  readonly question: string;
  /** HTTP status; 0 when the request itself failed (refused, timed out). */
  readonly status: number;
  readonly source: string | null;
  readonly knowledgeId: number | null;
  readonly answer: string | null;
  readonly messageId: number | null;
  /** From sending the request to the parsed answer. */
  readonly latencyMs: number;
  /** When the request was sent, since the run started. */
  readonly sentAtMs: number;
}

/** A chat's start and end, as the host took them. */
export interface ChatRecord {
  readonly visitor: number;
  readonly startMs: number;
  /** Null when the chat was not ended (the run stopped on a failure). */
  readonly endMs: number | null;
  readonly ok: boolean;
}

export interface HttpLoadResult {
  readonly answers: ReadonlyArray<AnswerRecord>;
  readonly chats: ReadonlyArray<ChatRecord>;
  readonly wallMs: number;
  /** Requests that did not answer 200 (messages, starts and ends). */
  readonly failures: number;
}

/** What an answer is compared on: where it came from and what it said. */
export interface AnswerKey {
  readonly source: string | null;
  readonly knowledgeId: number | null;
  readonly answer: string | null;
}

const keyOf = (record: AnswerKey): AnswerKey => ({
  source: record.source,
  knowledgeId: record.knowledgeId,
  answer: record.answer,
});

const sameAnswer = (a: AnswerKey, b: AnswerKey) =>
  a.source === b.source && a.knowledgeId === b.knowledgeId && a.answer === b.answer;

interface Json {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POSTs a JSON body and parses the JSON answer; status 0 when the request itself failed (refused, timed out). */
export const postJson = async (
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
) => {
  try {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : {};
    return {
      status: res.status,
      body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {},
    } satisfies Json;
  } catch {
    return { status: 0, body: {} } satisfies Json;
  }
};

const stringOrNull = (v: unknown) => (typeof v === 'string' ? v : null);
const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : null);

/** One visitor's chats, in order; stops at the first failed chat start. */
const runVisitor = async (
  options: HttpLoadOptions,
  visitor: number,
  started: number,
  answers: AnswerRecord[],
  chats: ChatRecord[],
): Promise<number> => {
  const perChat = Math.max(1, options.messagesPerChat ?? 10);
  const timeout = options.requestTimeoutMs ?? 10_000;
  const n = options.questions.length;
  let failures = 0;
  let headers: Record<string, string> = {};
  for (let sent = 0; sent < options.messagesPerVisitor;) {
    const t0 = nowMs();
    const start = await postJson(options.base, '/api/chat/start', {}, headers, timeout);
    const startMs = nowMs() - t0;
    const sessionUuid = stringOrNull(start.body['session_uuid']);
    const token = stringOrNull(start.body['visitor_token']);
    if (start.status !== 200 || sessionUuid === null || token === null) {
      chats.push({ visitor, startMs, endMs: null, ok: false });
      return failures + 1;
    }
    // the same visitor comes back for each chat, as a returning shopper does
    headers = { 'x-visitor-token': token };
    const inThisChat = Math.min(perChat, options.messagesPerVisitor - sent);
    for (let k = 0; k < inThisChat; k++, sent++) {
      const question = options.questions[(visitor * 7 + sent) % n] ?? '';
      const sentAt = nowMs();
      const res = await postJson(
        options.base,
        '/api/chat/message',
        { session_uuid: sessionUuid, message: question },
        headers,
        timeout,
      );
      if (res.status !== 200) failures++;
      answers.push({
        visitor,
        index: sent,
        question,
        status: res.status,
        source: stringOrNull(res.body['source']),
        knowledgeId: numberOrNull(res.body['knowledge_id']),
        answer: stringOrNull(res.body['answer']),
        messageId: numberOrNull(res.body['message_id']),
        latencyMs: nowMs() - sentAt,
        sentAtMs: sentAt - started,
      });
    }
    const t1 = nowMs();
    const end = await postJson(
      options.base,
      '/api/chat/end',
      { session_uuid: sessionUuid, rating: 5 },
      headers,
      timeout,
    );
    if (end.status !== 200) failures++;
    chats.push({ visitor, startMs, endMs: nowMs() - t1, ok: end.status === 200 });
  }
  return failures;
};

/** Runs the load to the end (every loop is bounded by the options) and returns every answer. */
export const runHttpLoad = async (options: HttpLoadOptions): Promise<HttpLoadResult> => {
  if (options.questions.length === 0) throw new RangeError('runHttpLoad needs at least one question');
  const answers: AnswerRecord[] = [];
  const chats: ChatRecord[] = [];
  const started = nowMs();
  const failures = await Promise.all(
    Array.from({ length: options.visitors }, (_, v) => runVisitor(options, v, started, answers, chats)),
  );
  return { answers, chats, wallMs: nowMs() - started, failures: failures.reduce((a, b) => a + b, 0) };
};

/**
 * What the host answers to each question when nothing else is running: one visitor asks
 * every question once, in one chat per question (so no question sees another in its dialogue).
 */
export const referenceAnswers = async (
  base: string,
  questions: ReadonlyArray<string>,
): Promise<ReadonlyMap<string, AnswerKey>> => {
  const reference = new Map<string, AnswerKey>();
  for (const question of new Set(questions)) {
    const run = await runHttpLoad({
      base,
      visitors: 1,
      messagesPerVisitor: 1,
      messagesPerChat: 1,
      questions: [question],
    });
    const answer = run.answers[0];
    if (!answer || answer.status !== 200)
      throw new Error(`reference answer failed for «${question}» (${answer?.status})`);
    reference.set(question, keyOf(answer));
  }
  return reference;
};

/** An answer that differs from the reference answer to the same question. */
export interface ChangedAnswer {
  readonly question: string;
  readonly expected: AnswerKey;
  readonly got: AnswerKey;
  readonly status: number;
}

/** Every answer that is not the reference answer to its question (a failed request counts as changed). */
export const changedAnswers = (
  reference: ReadonlyMap<string, AnswerKey>,
  answers: ReadonlyArray<AnswerRecord>,
): ChangedAnswer[] =>
  answers.flatMap((a) => {
    const expected = reference.get(a.question);
    if (expected === undefined) throw new Error(`no reference answer for «${a.question}»`);
    return a.status === 200 && sameAnswer(expected, a)
      ? []
      : [{ question: a.question, expected, got: keyOf(a), status: a.status }];
  });
