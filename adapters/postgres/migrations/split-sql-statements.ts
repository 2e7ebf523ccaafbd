/**
 * Splits a migration file into single statements.
 *
 * slonik runs every query through the extended protocol (a prepared statement), which
 * accepts one statement at a time, so a file is executed statement by statement inside
 * one transaction. The scanner understands what can hide a `;`: quoted strings and
 * identifiers, dollar-quoted bodies, and both comment styles.
 */
export const splitSqlStatements = (source: string): string[] => {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = source.length;
  const push = (end: number) => {
    const statement = source.slice(start, end).trim();
    if (stripComments(statement).trim().length > 0) statements.push(statement);
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '-' && next === '-') {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(source, i);
    } else if (c === "'" || c === '"') {
      i = skipQuoted(source, i, c);
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(source.slice(i));
      if (tag) {
        const close = source.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else if (c === ';') {
      push(i);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
};

const skipQuoted = (source: string, from: number, quote: string): number => {
  let i = from + 1;
  while (i < source.length) {
    if (source[i] === quote) {
      // a doubled quote is an escaped quote, not the end
      if (source[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return source.length;
};

/** Block comments nest in PostgreSQL. */
const skipBlockComment = (source: string, from: number): number => {
  let depth = 0;
  let i = from;
  while (i < source.length) {
    if (source[i] === '/' && source[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (source[i] === '*' && source[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return source.length;
};

const stripComments = (statement: string): string =>
  statement.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
