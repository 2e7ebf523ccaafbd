import { extname } from 'node:path';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { jsonArrayElementLines } from './json-element-lines.js';

/** An FAQ entry as read from the file (validated later, by the use-case's codec), with its line. */
export interface FaqFileRow {
  readonly line: number;
  readonly entry: Readonly<Record<string, unknown>>;
}

export interface FaqFileProblem {
  /** Null when the problem is the whole file. */
  readonly line: number | null;
  readonly message: string;
}

export type FaqFileResult =
  | { readonly ok: true; readonly rows: ReadonlyArray<FaqFileRow> }
  | { readonly ok: false; readonly problems: ReadonlyArray<FaqFileProblem> };

export const FAQ_COLUMNS = ['question', 'answer', 'category', 'keywords', 'priority'] as const;
const REQUIRED_COLUMNS = ['question', 'answer'];

/** "5" becomes 5; anything else but an empty cell stays text, so the codec reports it ("must be an integer"). */
const priorityCell = (cell: string): unknown => (/^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell);

const fromCsv = (text: string): FaqFileResult => {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return { ok: false, problems: [{ line: e.line, message: e.message.replace(/^line \d+: /, '') }] };
    throw e;
  }
  const [header, ...body] = records;
  if (!header)
    return {
      ok: false,
      problems: [
        { line: null, message: 'the file is empty (expected a header: question,answer,category,keywords,priority)' },
      ],
    };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const problems: FaqFileProblem[] = [];
  const unknown = columns.filter((c) => !(FAQ_COLUMNS as ReadonlyArray<string>).includes(c));
  if (unknown.length > 0)
    problems.push({
      line: header.line,
      message: `unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')}; expected ${FAQ_COLUMNS.join(',')}`,
    });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push({ line: header.line, message: `missing column(s) ${missing.join(', ')}` });
  if (problems.length > 0) return { ok: false, problems };

  const rows: FaqFileRow[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        message: `has ${record.fields.length} field(s), the header has ${columns.length}`,
      });
      continue;
    }
    const entry: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record.fields[i] ?? '';
      if (column === 'question' || column === 'answer') entry[column] = cell;
      else if (cell.trim() !== '') entry[column] = column === 'priority' ? priorityCell(cell) : cell;
    });
    rows.push({ line: record.line, entry });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
};

const jsonErrorLine = (text: string, error: unknown): number | null => {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? null : text.slice(0, Number(position)).split('\n').length;
};

const fromJson = (text: string): FaqFileResult => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    return {
      ok: false,
      problems: [
        { line: jsonErrorLine(text, e), message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` },
      ],
    };
  }
  if (!Array.isArray(parsed))
    return {
      ok: false,
      problems: [
        { line: 1, message: 'expected a JSON array of {question, answer, category?, keywords?, priority?} objects' },
      ],
    };
  const lines = jsonArrayElementLines(text);
  const problems: FaqFileProblem[] = [];
  const rows: FaqFileRow[] = [];
  parsed.forEach((value: unknown, i) => {
    const line = lines[i] ?? null;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      problems.push({ line, message: 'expected an object' });
    else rows.push({ line: line ?? i + 1, entry: value as Record<string, unknown> });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
};

/** Reads FAQ entries from `.csv` (header row) or `.json` (array) text; the extension decides. */
export const readFaqFile = (fileName: string, text: string): FaqFileResult => {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv') return fromCsv(text);
  if (extension === '.json') return fromJson(text);
  return {
    ok: false,
    problems: [{ line: null, message: `unsupported file type "${extension || '(none)'}": use .csv or .json` }],
  };
};
