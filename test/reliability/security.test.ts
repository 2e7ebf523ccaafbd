/**
 * Security properties that do not need HTTP: no SQL built from strings anywhere in
 * adapters/ or src/, the HTML chat export never lets stored content become markup, and
 * the widget settings that reach a visitor's page (colour, avatar URL, position) accept
 * only what they should. The widget's own rendering is the HTTP host's to test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportChat } from '../../src/domain/chat-export.js';
import { HexColor, HttpsUrl, WidgetPosition, WIDGET_POSITIONS } from '../../src/domain/codecs.js';
import type { Message } from '../../src/domain/entities/message.js';
import { decode } from '../../src/domain/validation.js';
import { right, testAssistant } from '../support/test-doubles.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.FC_RUNS ?? 300);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });

/**
 * Interpolations allowed inside SQL text: named constants, a list of `?` placeholders,
 * and reviewed expressions that only ever yield names from a constant table.
 */
const SAFE_INTERPOLATION = /^\$\{\s*(?:[A-Z][A-Z0-9_]*|table|\w+\.map\(\(\) => '\?'\)\.join\(', '\))\s*\}$/;
const REVIEWED = new Set([
  // schema-manager's DROP loop runs over the constant LIBRARY_TABLES
  // widget-profiles-repository: column names come from its constant COLUMNS table
  "adapters/sqljs/widget-profiles-repository.ts: ${COLUMNS.map(([, column]) => column).join(', ')}",
  "adapters/sqljs/widget-profiles-repository.ts: ${updates.join(', ')}",
  // conversations-repository: each step's assignments are a constant string of that file, values are bound
  'adapters/sqljs/conversations-repository.ts: ${change.assignments}',
  // operators-repository: `column = ?` for a fixed set of column names, values bound
  "adapters/sqljs/operators-repository.ts: ${sets.join(', ')}",
]);

describe('no SQL built from strings', () => {
  const files = [...sourceFiles(path.join(ROOT, 'adapters')), ...sourceFiles(path.join(ROOT, 'src'))].filter(
    (f) => !f.includes(`${path.sep}migrations${path.sep}`),
  );

  it('sees the adapters and src (so it cannot pass by reading nothing)', () => {
    expect(files.some((f) => f.endsWith(path.join('postgres', 'messages-repository.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join('sqljs', 'messages-repository.ts')))).toBe(true);
    expect(files.length).toBeGreaterThan(60);
  });

  it('has no sql.unsafe with interpolated values outside the migration runner', () => {
    const offenders = files.filter((f) => /sql\.unsafe\s*(?:`[^`]*\$\{|\()/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('passes values to sql.js and pg only as bound parameters, never inside the SQL text', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // template literals handed to a statement runner: db.get(`...`), client.query(`...`), exec(`...`)
      for (const match of source.matchAll(/\.(?:run|get|all|exec|prepare|query)\(\s*`([^`]*)`/g)) {
        for (const interpolation of (match[1] ?? '').match(/\$\{[^}]*\}/g) ?? []) {
          const where = `${path.relative(ROOT, file)}: ${interpolation}`;
          if (!SAFE_INTERPOLATION.test(interpolation) && !REVIEWED.has(where)) offenders.push(where);
        }
      }
      // SQL assembled with + from something that is not a string literal
      if (/['"`]\s*(?:SELECT|INSERT|UPDATE|DELETE)\b[^'"`]*['"`]\s*\+\s*[a-z]/i.test(source))
        offenders.push(`${path.relative(ROOT, file)}: concatenated SQL`);
    }
    expect(offenders).toEqual([]);
  });
});

const HOSTILE_HTML = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '`${alert(1)}`',
  '&lt;script&gt;',
  '<!--',
  ']]><![CDATA[',
  '</span></div><script>x</script>',
];

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_HTML),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(fc.constantFrom(...HOSTILE_HTML, '<', '>', '&', '"', "'", '`', '\n', 'текст'), { maxLength: 12 })
    .map((parts) => parts.join('')),
);

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

const message = (content: string, i: number): Message => ({
  id: i + 1,
  sessionId: 1,
  role: i % 2 ? 'assistant' : 'user',
  content,
  timestamp: new Date(Date.UTC(2025, 0, 1, 10, 0, i)),
  tokensUsed: null,
  source: null,
  knowledgeId: null,
  clientMessageId: null,
  operatorId: null,
  groundingIds: [],
});

/** The export's exact shape: a wrapper, then one fixed-markup div per message with only entity-escaped text inside. */
const ROW =
  /<div class="(user|bot)-message"><span class="timestamp">([^<>"'`]*)<\/span><span class="content">([^<>"'`]*)<\/span><\/div>/g;

/** The export's document head: fixed markup, a language of two letters, a title of fixed words and a date. */
const DOCUMENT_HEAD =
  /^<!doctype html>\n<html lang="(?:ru|en)">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>(?:История чата|Chat history)(?:, \d{4}-\d{2}-\d{2})?<\/title>\n<style>[^<]*<\/style>\n<\/head>\n<body>\n$/;

describe('the HTML chat export never executes stored content', () => {
  it('every stored string appears only as escaped text inside its content span', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 6 }), (contents) => {
        const html = exportChat(contents.map(message), 'html');
        // the document around the chat is fixed markup; only a date reaches its title
        const start = html.indexOf('<div class="chat-history">\n');
        expect(html.slice(0, start)).toMatch(DOCUMENT_HEAD);
        expect(html.endsWith('\n</div>\n</body>\n</html>\n')).toBe(true);
        const body = html.slice(start + '<div class="chat-history">\n'.length, -'\n</div>\n</body>\n</html>\n'.length);
        const rows = [...body.matchAll(ROW)];
        // the rows and the newlines between them are the whole body: no markup anywhere else
        expect(rows.map((r) => r[0]).join('\n')).toBe(body);
        expect(rows.map((r) => unescape(r[3] ?? ''))).toEqual(contents);
      }),
      { numRuns: RUNS },
    );
  });

  it('holds through the use-case, for a message stored and read back', async () => {
    const { useCases: u } = testAssistant({ embedder: false });
    const chat = await right(u.startChat({}));
    await right(u.addMessage({ sessionId: chat.session.id, role: 'user', content: HOSTILE_HTML.join(' ') }));
    const html = await right(u.exportChatHistory({ sessionUuid: chat.sessionUuid, format: 'html' }));
    const body = html.slice(html.indexOf('<div class="chat-history">'), html.lastIndexOf('</body>'));
    expect(html.slice(0, html.indexOf('<div class="chat-history">'))).toMatch(DOCUMENT_HEAD);
    expect(body).not.toMatch(/<(?!\/?(?:div|span)\b)/);
    expect(body).not.toMatch(/<(?:div|span) (?!class="(?:chat-history|user-message|bot-message|timestamp|content)">)/);
  });
});

describe('widget settings that reach the visitor page', () => {
  const accepts = <A, O>(codec: Parameters<typeof decode<A, O>>[0], value: unknown) => E.isRight(decode(codec, value));

  it('primaryColor: exactly #rgb, #rrggbb or #rrggbbaa', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.stringMatching(/^#[0-9a-fA-F]{3,8}$/),
          fc.constantFrom('red', 'rgb(0,0,0)', '#fff;}', 'expression(alert(1))'),
        ),
        (value) => {
          expect(accepts(HexColor, value)).toBe(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('botAvatarUrl: only absolute https URLs of at most 500 characters, never javascript:, data: or http:', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ validSchemes: ['https', 'http'] }),
          fc.string({ maxLength: 40 }),
          fc.constantFrom(
            'javascript:alert(1)',
            'JAVASCRIPT:alert(1)',
            'data:image/svg+xml,<svg onload=alert(1)>',
            '//evil.example/x.png',
            ' https://example.com/a.png',
            'https://example.com/\u0000.png',
          ),
        ),
        (value) => {
          if (!accepts(HttpsUrl, value)) return;
          expect(new URL(value).protocol).toBe('https:');
          expect(value.length).toBeLessThanOrEqual(500);
          expect(value.includes('\u0000')).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'http://example.com/a.png', '/relative.png'])
      expect(accepts(HttpsUrl, bad)).toBe(false);
  });

  it('position: only the four corners', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 15 }),
          fc.constantFrom(...WIDGET_POSITIONS, 'center', 'BOTTOM-RIGHT', '__proto__', 'toString'),
        ),
        (value) => {
          expect(accepts(WidgetPosition, value)).toBe((WIDGET_POSITIONS as ReadonlyArray<string>).includes(value));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the use-case names the offending field and stores nothing', async () => {
    const { useCases: u } = testAssistant({ embedder: false });
    for (const [field, value] of [
      ['primaryColor', 'red'],
      ['botAvatarUrl', 'javascript:alert(1)'],
      ['position', 'center'],
    ] as const) {
      const result = await u.updateWidgetSettings({ name: 'default', [field]: value })();
      expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ValidationError', path: field });
    }
    expect(await right(u.listWidgetProfiles())).toEqual([]);
  });
});
