import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically, type AtomicWriteFileSystem } from '../../adapters/sqljs/atomic-file.js';
import { createSqlJsStorage, type SqlJsStorage } from '../../adapters/sqljs/index.js';
import { findMigrationsFolder } from '../../adapters/sqljs/migrations-folder.js';
import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';

const right = async <Err, A>(task: TaskEither<Err, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const now = new Date(Date.UTC(2025, 0, 1, 10));
const axis = (i: number): Float32Array => {
  const v = new Float32Array(EMBEDDING_DIMENSIONS);
  v[i] = 1;
  return v;
};

/** A disk that fails halfway through writing the temporary file. */
const failingMidWrite: AtomicWriteFileSystem = {
  open: async (path, flags) => {
    const handle = await open(path, flags);
    return {
      writeFile: async (data) => {
        await handle.writeFile(data.subarray(0, Math.floor(data.length / 2)));
        throw new Error('ENOSPC: no space left on device (simulated)');
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename,
  unlink,
};

describe('sql.js storage persisted to a file', () => {
  let folder: string;
  let file: string;
  const opened: SqlJsStorage[] = [];

  const openStore = async (options: Parameters<typeof createSqlJsStorage>[0] = {}) => {
    const storage = await createSqlJsStorage({ file, ...options });
    opened.push(storage);
    await right(storage.schema.createTables());
    return storage;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sqljs-file-'));
    file = join(folder, 'assistant.sqlite');
  });
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps rows and search indexes across close and reopen', async () => {
    const first = await openStore();
    const user = await right(
      first.repositories.users.create({ username: 'anna', email: 'anna@example.com', phone: null }, now),
    );
    const [entry] = await right(
      first.repositories.knowledge.addMany(
        [
          {
            question: 'Сроки доставки',
            answer: 'Два дня.',
            category: 'delivery',
            keywords: null,
            priority: 0,
            isActive: true,
            embedding: axis(3),
            embeddingModel: 'test',
          },
        ],
        now,
      ),
    );
    await first.close();
    expect(existsSync(file)).toBe(true);

    const second = await openStore();
    expect(await right(second.repositories.users.findById(user.id))).toEqual(user);
    const byVector = await right(second.repositories.knowledge.searchByVector(axis(3), { category: null, limit: 3 }));
    expect(byVector.map((h) => h.entry.id)).toEqual([entry?.id]);
    expect(byVector[0]?.score).toBeCloseTo(1, 6);
    const byText = await right(second.repositories.knowledge.searchByText('доставка', { category: null, limit: 3 }));
    expect(byText.map((h) => h.entry.id)).toEqual([entry?.id]);
    // createTables on a reopened file is a no-op, not a second migration
    await right(second.schema.createTables());
  });

  it('writes committed changes out without waiting for close', async () => {
    const writer = await openStore({ persistDebounceMs: 5 });
    await right(writer.repositories.context.set('greeting', 'Здравствуйте', null, now));
    await writer.flush();
    const reader = await createSqlJsStorage({ file });
    opened.push(reader);
    expect((await right(reader.repositories.context.get('greeting')))?.value).toBe('Здравствуйте');

    await right(writer.repositories.context.set('greeting', 'Добрый день', null, now));
    // the debounced background write, no explicit flush
    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await createSqlJsStorage({ file });
    opened.push(later);
    expect((await right(later.repositories.context.get('greeting')))?.value).toBe('Добрый день');
  });

  it('writes a rolled-back transaction nowhere and a committed one to the file', async () => {
    const store = await openStore();
    await store.unitOfWork.transaction((tx) => async () => {
      await tx.context.set('draft', 'x', null, now)();
      return E.left('cancel');
    })();
    await store.unitOfWork.transaction((tx) => tx.context.set('final', 'y', null, now))();
    await store.close();
    const reopened = await openStore();
    expect(await right(reopened.repositories.context.get('draft'))).toBeNull();
    expect((await right(reopened.repositories.context.get('final')))?.value).toBe('y');
  });

  it('ignores a temporary file left by a crash mid-write and keeps the real file intact', async () => {
    const first = await openStore();
    await right(first.repositories.context.set('kept', '1', null, now));
    await first.close();
    const before = readFileSync(file);
    writeFileSync(`${file}.tmp-99999-0`, before.subarray(0, 100));

    const second = await openStore();
    expect((await right(second.repositories.context.get('kept')))?.value).toBe('1');
    await right(second.repositories.context.set('added', '2', null, now));
    await second.close();
    const third = await openStore();
    expect((await right(third.repositories.context.get('added')))?.value).toBe('2');
  });

  it('a write that fails halfway leaves the old file untouched and no temporary file behind', async () => {
    writeFileSync(file, 'old contents');
    await expect(writeFileAtomically(file, new Uint8Array(10_000).fill(7), failingMidWrite)).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('old contents');
    expect(readdirSync(folder)).toEqual(['assistant.sqlite']);
  });

  it('a store whose disk fails keeps the last good file and reports the failure on close', async () => {
    const good = await openStore();
    await right(good.repositories.context.set('version', 'good', null, now));
    await good.close();

    const failing = await openStore({ fileSystem: failingMidWrite });
    await right(failing.repositories.context.set('version', 'lost', null, now));
    await expect(failing.close()).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(folder)).toEqual(['assistant.sqlite']);

    const reopened = await openStore();
    expect((await right(reopened.repositories.context.get('version')))?.value).toBe('good');
  });

  it('refuses a file that is not a database', async () => {
    writeFileSync(file, 'this is not an SQLite database, just text that is long enough to have a header');
    await expect(createSqlJsStorage({ file })).rejects.toThrow();
  });

  it('answers StorageUnavailable after close', async () => {
    const store = await openStore();
    await store.close();
    const result = await store.repositories.users.findById(1)();
    expect(E.isLeft(result) && result.left._tag).toBe('StorageUnavailable');
    await store.close();
  });
});

describe('migrations folder lookup', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

  it('finds migrations/sqlite from the source and from the compiled adapter folder', () => {
    const expected = join(root, 'migrations', 'sqlite');
    expect(findMigrationsFolder(join(root, 'adapters', 'sqljs'))).toBe(expected);
    expect(findMigrationsFolder(join(root, 'dist', 'adapters', 'sqljs'))).toBe(expected);
    expect(readdirSync(expected).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(0);
  });
});
