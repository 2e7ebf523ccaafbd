import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * LangChain's PGVectorStore, the peer for PostgreSQL search. It lives in bench/peers
 * with its own package.json and lock, so the library's dependencies never include it;
 * it is installed on first use and skipped (with a note) when that fails.
 */
const PEERS_FOLDER = fileURLToPath(new URL('../peers/', import.meta.url));

export interface PeerDocument {
  readonly metadata: Record<string, unknown>;
}

export interface PeerStore {
  similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: Record<string, unknown>,
  ): Promise<Array<[PeerDocument, number]>>;
  end(): Promise<void>;
}

interface PeerPool {
  end(): Promise<void>;
}

type PeerStoreConstructor = new (
  embeddings: unknown,
  config: {
    pool: PeerPool;
    tableName: string;
    schemaName: string;
    distanceStrategy: 'cosine';
    skipInitializationCheck: boolean;
  },
) => Omit<PeerStore, 'end'>;

type PoolConstructor = new (config: { connectionString: string; max: number }) => PeerPool;

const ensureInstalled = (log: (m: string) => void, install: boolean): boolean => {
  if (existsSync(`${PEERS_FOLDER}node_modules/@langchain/community`)) return true;
  if (!install) {
    log('LangChain peer skipped: bench/peers is not installed (npm ci --prefix bench/peers --legacy-peer-deps)');
    return false;
  }
  log('installing the LangChain peer (npm ci --prefix bench/peers) ...');
  const result = spawnSync('npm', ['ci', '--prefix', PEERS_FOLDER, '--legacy-peer-deps', '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  if (result.status !== 0) {
    log(`LangChain peer skipped: npm ci failed (${result.stderr?.toString().trim().split('\n').pop() ?? 'no output'})`);
    return false;
  }
  return true;
};

/** Only the search call is used: vectors are passed directly, so the embeddings object never runs. */
const noEmbeddings = {
  embedQuery: (): Promise<number[]> => Promise.reject(new Error('the bench passes vectors directly')),
  embedDocuments: (): Promise<number[][]> => Promise.reject(new Error('the bench passes vectors directly')),
};

export const openLangChainPeer = async (
  options: { readonly url: string; readonly schema: string; readonly table: string },
  log: (m: string) => void,
  install = true,
): Promise<PeerStore | null> => {
  if (!ensureInstalled(log, install)) return null;
  try {
    const require = createRequire(`${PEERS_FOLDER}package.json`);
    const storeModule = (await import(
      pathToFileURL(require.resolve('@langchain/community/vectorstores/pgvector')).href
    )) as {
      PGVectorStore?: unknown;
    };
    const pgModule = (await import(pathToFileURL(require.resolve('pg')).href)) as { default?: { Pool?: unknown } };
    if (typeof storeModule.PGVectorStore !== 'function' || typeof pgModule.default?.Pool !== 'function') {
      log('LangChain peer skipped: PGVectorStore or pg.Pool not found in bench/peers');
      return null;
    }
    const Store = storeModule.PGVectorStore as PeerStoreConstructor;
    const Pool = pgModule.default.Pool as PoolConstructor;
    // one connection, as the adapter's search runs on one at a time in this sequential loop
    const pool = new Pool({ connectionString: options.url, max: 1 });
    const store = new Store(noEmbeddings, {
      pool,
      tableName: options.table,
      schemaName: options.schema,
      distanceStrategy: 'cosine',
      skipInitializationCheck: true,
    });
    return {
      similaritySearchVectorWithScore: (query, k, filter) => store.similaritySearchVectorWithScore(query, k, filter),
      end: () => pool.end(),
    };
  } catch (error) {
    log(`LangChain peer skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
};
