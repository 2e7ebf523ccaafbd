import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, parseCsv } from '../../src/cli/csv.js';
import { readFaqFile } from '../../src/cli/faq-file.js';
import { decodeTextFile, encodingName } from '../../src/cli/file-encoding.js';
import { jsonArrayElementLines } from '../../src/cli/json-element-lines.js';
import { createProgressBar, renderProgressBar } from '../../src/cli/progress-bar.js';

describe('parseCsv', () => {
  it('splits fields, keeps quoted commas, doubled quotes and line breaks, and records start lines', () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n"multi\nline",2,\n\n3,4,5';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', '2', ''] },
      { line: 6, fields: ['3', '4', '5'] },
    ]);
  });

  it('handles CRLF, a BOM, a missing final newline and Russian text', () => {
    expect(parseCsv('\uFEFFвопрос,ответ\r\nДоставка?,"Да,\r\nвезде"\r\n')).toEqual([
      { line: 1, fields: ['вопрос', 'ответ'] },
      { line: 2, fields: ['Доставка?', 'Да,\r\nвезде'] },
    ]);
    expect(parseCsv('a,b')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('takes CR alone as a line end (classic Mac OS, old Excel for Mac), also counting lines inside quotes', () => {
    expect(detectDelimiter('question;answer\rq;a')).toBe(';');
    expect(parseCsv('question,answer\rДоставка?,"Да,\rвезде"\rОплата?,картой\r')).toEqual([
      { line: 1, fields: ['question', 'answer'] },
      { line: 2, fields: ['Доставка?', 'Да,\rвезде'] },
      { line: 4, fields: ['Оплата?', 'картой'] },
    ]);
    expect(parseCsv('a,b\r\r1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('keeps a quote inside an unquoted field, rejects text after a closing quote and unclosed quotes', () => {
    expect(parseCsv('a,b\nVisa "Gold",1')[1]?.fields).toEqual(['Visa "Gold"', '1']);
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(CsvSyntaxError);
    let caught: unknown;
    try {
      parseCsv('a,b\n1,2\n3,"open\nstill open');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).line).toBe(3);
  });

  it('reads semicolon-separated files (Russian spreadsheet exports)', () => {
    expect(detectDelimiter('question;answer\nq;a')).toBe(';');
    expect(detectDelimiter('question,answer;x')).toBe(',');
    expect(parseCsv('question;answer\nq, с запятой;a')).toEqual([
      { line: 1, fields: ['question', 'answer'] },
      { line: 2, fields: ['q, с запятой', 'a'] },
    ]);
  });
});

describe('decodeTextFile', () => {
  const cp1251 = (text: string) => Buffer.from(Array.from(text, (ch) => cp1251Byte(ch)));
  const cp1251Byte = (ch: string): number => {
    const code = ch.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (ch === 'ё') return 0xb8;
    if (ch === 'Ё') return 0xa8;
    throw new Error(`no Windows-1251 byte for ${ch}`);
  };
  const csv = 'question,answer\nСколько стоит доставка?,Доставка по Москве 300 рублей\n';

  it('reads UTF-8, with or without a BOM, and UTF-16 with a BOM', () => {
    expect(decodeTextFile(Buffer.from(csv))).toEqual({ ok: true, text: csv });
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]))).toEqual({
      ok: true,
      text: csv,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    expect(decodeTextFile(utf16)).toEqual({ ok: true, text: csv });
  });

  it('refuses a Windows-1251 file without --encoding, naming the encoding, and reads it with one', () => {
    const refused = decodeTextFile(cp1251(csv));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/not UTF-8.*Windows-1251.*--encoding windows-1251/);
    expect(decodeTextFile(cp1251(csv), 'windows-1251')).toEqual({ ok: true, text: csv });
    expect(decodeTextFile(cp1251(csv), 'cp1251')).toEqual({ ok: true, text: csv });
  });

  it('tells KOI8-R from Windows-1251 by letter case, and gives up politely on anything else', () => {
    // "доставка" in KOI8-R: lower-case letters live in 0xC0-0xDF there
    const koi8Bytes = Buffer.from([0xc4, 0xcf, 0xd3, 0xd4, 0xc1, 0xd7, 0xcb, 0xc1, 0x20, 0xc5, 0xd3, 0xd4, 0xd8]);
    expect(decodeTextFile(koi8Bytes, 'koi8-r')).toEqual({ ok: true, text: 'доставка есть' });
    const guessed = decodeTextFile(koi8Bytes);
    expect(!guessed.ok && guessed.message).toMatch(/KOI8-R.*--encoding koi8-r/);
    const binary = decodeTextFile(Buffer.from([0x80, 0x81, 0x82, 0x90, 0xa0]));
    expect(!binary.ok && binary.message).toMatch(/not UTF-8 text: name its encoding with --encoding/);
  });

  it('refuses to read UTF-8 text as a single-byte encoding, and unknown encoding names', () => {
    const wrong = decodeTextFile(Buffer.from(csv), 'windows-1251');
    expect(!wrong.ok && wrong.message).toBe('the file is UTF-8 text, not windows-1251: run again without --encoding');
    expect(decodeTextFile(Buffer.from('question,answer\nq,a\n'), 'windows-1251').ok).toBe(true);
    expect(encodingName('CP1251')).toBe('windows-1251');
    expect(encodingName('klingon')).toBeNull();
    const unknown = decodeTextFile(Buffer.from(csv), 'klingon');
    expect(!unknown.ok && unknown.message).toMatch(/unknown encoding "klingon"/);
  });
});

describe('jsonArrayElementLines', () => {
  it('finds the line each top-level element starts on, ignoring brackets and commas inside strings and nested values', () => {
    const text = '[\n  {"q": "a, [b]", "n": [1,\n 2]},\n  "x",\n\n  {"q": "}\\"{"}\n]';
    expect(jsonArrayElementLines(text)).toEqual([2, 4, 6]);
    expect(jsonArrayElementLines('[]')).toEqual([]);
    expect(jsonArrayElementLines('[1,2,3]')).toEqual([1, 1, 1]);
  });
});

describe('readFaqFile', () => {
  it('turns CSV rows into entries: empty optional cells are left out, priority becomes a number', () => {
    const read = readFaqFile('f.CSV', 'Question,Answer,Category,Keywords,Priority\nq,a,,k,-3\nq2,a2,c,,x\n');
    expect(read).toEqual({
      ok: true,
      rows: [
        { line: 2, entry: { question: 'q', answer: 'a', keywords: 'k', priority: -3 } },
        { line: 3, entry: { question: 'q2', answer: 'a2', category: 'c', priority: 'x' } },
      ],
    });
  });

  it('reports missing columns, empty files and JSON that is not an array of objects', () => {
    expect(readFaqFile('f.csv', 'question,category\nq,c')).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: 'missing column(s) answer' }],
    });
    expect(readFaqFile('f.csv', '')).toMatchObject({ ok: false, problems: [{ line: null }] });
    expect(readFaqFile('f.json', '{"question": "q"}')).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    expect(readFaqFile('f.json', '[\n {"question": "q", "answer": "a"},\n 42\n]')).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: 'expected an object' }],
    });
    const broken = readFaqFile('f.json', '[\n {"question": "q",\n}');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe('progress bar', () => {
  it('renders the share done', () => {
    expect(renderProgressBar('importing', 0, 4, 8)).toBe('importing [--------] 0/4 0%');
    expect(renderProgressBar('importing', 3, 4, 8)).toBe('importing [######--] 3/4 75%');
    expect(renderProgressBar('importing', 4, 4, 8)).toBe('importing [########] 4/4 100%');
    expect(renderProgressBar('x', 0, 0, 4)).toBe('x [####] 0/0 100%');
  });

  it('redraws in place on a terminal, only on change, and ends the line', () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: true, write: (s: string) => written.push(s) }, 'job', 4);
    bar.update(0, 2);
    bar.update(0, 2);
    bar.update(2, 2);
    bar.finish();
    expect(written).toEqual(['\rjob [----] 0/2 0%', '\rjob [####] 2/2 100%', '\n']);
  });

  it('writes a line per tenth into a log', () => {
    const written: string[] = [];
    const bar = createProgressBar({ write: (s: string) => written.push(s) }, 'job', 4);
    for (let done = 0; done <= 100; done++) bar.update(done, 100);
    bar.finish();
    expect(written).toHaveLength(11);
    expect(written.at(-1)).toBe('job [####] 100/100 100%\n');
  });
});
