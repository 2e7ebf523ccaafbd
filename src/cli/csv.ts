/** One CSV record and the (1-based) line of the file it starts on, for error messages. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: ReadonlyArray<string>;
}

/** A file that is not CSV at all (an unterminated quote, text after a closing quote). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Picks `;` when the header line has semicolons but no commas: spreadsheet programs in
 * Russian locales write CSV that way.
 */
export const detectDelimiter = (text: string): ',' | ';' => {
  const header = text.slice(0, text.search(/[\r\n]|$/));
  return !header.includes(',') && header.includes(';') ? ';' : ',';
};

/**
 * RFC 4180 CSV: fields separated by `delimiter`, double-quoted when they hold the
 * delimiter, quotes (doubled) or line breaks; CRLF, LF or CR line ends (CR alone is
 * what classic Mac OS and old Excel for Mac write); a leading BOM and blank lines are ignored. A quote in the middle of an unquoted field is kept as text
 * (hand-written files do that); text after a closing quote is an error.
 */
export const parseCsv = (source: string, delimiter: ',' | ';' = detectDelimiter(source)): CsvRecord[] => {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  let closedQuote = false;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    closedQuote = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        closedQuote = true;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === delimiter) {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (closedQuote) {
      throw new CsvSyntaxError(
        line,
        `line ${line}: unexpected text after a closing quote (a quote inside a quoted field is written "")`,
      );
    } else if (c === '"' && !fieldStarted) {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, `line ${quoteLine}: a quoted field is never closed`);
  if (fieldStarted || closedQuote || fields.length > 0) endRecord();
  return records;
};
