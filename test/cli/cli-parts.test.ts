import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, parseCsv } from '../../src/cli/csv.js';
import { readFaqFile } from '../../src/cli/faq-file.js';
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
