/**
 * A file-backed sql.js store whose process is killed (SIGKILL, no chance to clean up)
 * while it writes in a loop: the file must always open, pass SQLite's integrity check,
 * and hold at least every message that was flushed before the kill. Several rounds
 * continue on the same file, killed at different moments.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';

const WRITER = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sqljs-writer.ts');
const ROUNDS = 4;

/** Starts the writer, waits until it has flushed at least once, kills it after `delayMs` more. */
const writeThenKill = (file: string, delayMs: number): Promise<{ flushed: number; signal: string | null }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let flushed = 0;
    let errors = '';
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/flushed (\d+)/g)) flushed = Math.max(flushed, Number(match[1]));
      if (flushed > 0 && !armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${code}): ${errors}`));
      else resolve({ flushed, signal });
    });
  });

describe('file-backed sql.js killed mid-write', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sqljs-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`${ROUNDS} SIGKILLs at random moments never leave a corrupt or half-written file`, async () => {
    const file = join(folder, 'assistant.sqlite');
    const wasm = dirname(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
    const SQL = await initSqlJs({ locateFile: (name: string) => join(wasm, name) });
    let lastFlushed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { flushed } = await writeThenKill(file, 20 + Math.floor(Math.random() * 200));
      const db = new SQL.Database(readFileSync(file));
      try {
        expect(db.exec('PRAGMA integrity_check')[0]?.values).toEqual([['ok']]);
        const stored = Number(db.exec('SELECT count(*) FROM messages')[0]?.values[0]?.[0]);
        // this round's flushed messages come on top of what earlier rounds left in the file
        expect(stored).toBeGreaterThanOrEqual(Math.max(flushed, lastFlushed));
        lastFlushed = stored;
        expect(Number(db.exec('SELECT count(*) FROM knowledge_base')[0]?.values[0]?.[0])).toBe(150);
      } finally {
        db.close();
      }
    }
    // and the adapter itself opens it and keeps working
    const storage = await createSqlJsStorage({ file });
    const listed = await storage.repositories.knowledge.list({ limit: 5, offset: 0, includeInactive: true })();
    expect(listed._tag).toBe('Right');
    await storage.close();
  }, 60_000);
});
