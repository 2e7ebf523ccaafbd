import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const VersionRow = z.object({ version: z.string().nullable() });

/** What the installed pgvector can do, read once per storage (hnsw.iterative_scan is 0.8+). */
export interface VectorSearchSettings {
  supportsIterativeScan(connection: CommonQueryMethods): Promise<boolean>;
}

const atLeast = (version: string, major: number, minor: number): boolean => {
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return a > major || (a === major && b >= minor);
};

export const createVectorSearchSettings = (): VectorSearchSettings => {
  let known: boolean | undefined;
  return {
    supportsIterativeScan: async (connection) => {
      if (known !== undefined) return known;
      const row = await connection.one(sql.type(VersionRow)`
        SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version`);
      const { version } = VersionRow.parse(row);
      known = version !== null && atLeast(version, 0, 8);
      return known;
    },
  };
};
