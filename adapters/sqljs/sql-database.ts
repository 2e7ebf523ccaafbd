import type { Database, SqlValue, Statement } from 'sql.js';

export type Row = Readonly<Record<string, SqlValue>>;
export type SqlParam = SqlValue;

/**
 * The few ways the repositories talk to sql.js, with prepared statements cached by text
 * (sql.js prepares are comparatively costly and the repositories reuse a fixed set).
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  all(sql: string, params: ReadonlyArray<SqlParam> = []): Row[] {
    const statement = this.prepare(sql);
    try {
      statement.bind([...params]);
      const rows: Row[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      // an unfinished statement would keep SQLite's read transaction open and block COMMIT
      statement.reset();
    }
  }

  get(sql: string, params: ReadonlyArray<SqlParam> = []): Row | undefined {
    return this.all(sql, params)[0];
  }

  /** Runs one statement and returns how many rows it changed. */
  run(sql: string, params: ReadonlyArray<SqlParam> = []): number {
    const statement = this.prepare(sql);
    try {
      statement.run([...params]);
      return this.db.getRowsModified();
    } finally {
      statement.reset();
    }
  }

  /** Several `;`-separated statements without parameters (migrations, transaction control). */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  tableExists(name: string): boolean {
    return this.get(`SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]) !== undefined;
  }

  /** A consistent image of the database file; call only outside a transaction. */
  export(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }

  /** Registers a deterministic scalar function of one text argument. */
  defineTextFunction(name: string, fn: (value: string | null) => string | null): void {
    this.db.create_function(name, (value: unknown) => (typeof value === 'string' ? fn(value) : fn(null)));
  }

  /** A function SQL (a trigger) can call that returns nothing: how the store hears of its own writes. */
  defineNotifier(name: string, fn: (value: number) => void): void {
    this.db.create_function(name, (value: unknown) => {
      if (typeof value === 'number') fn(value);
      return null;
    });
  }

  private prepare(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    return statement;
  }
}
