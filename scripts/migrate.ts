/**
 * Applies the PostgreSQL migrations: `npx tsx scripts/migrate.ts [DATABASE_URL] [--schema name]`
 * (default: the DATABASE_URL environment variable). Safe to run twice and concurrently.
 */
import { createPostgresPool } from '../adapters/postgres/create-postgres-storage.js';
import { runMigrations } from '../adapters/postgres/migrations/migration-runner.js';

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  const schemaFlag = args.indexOf('--schema');
  const schema = schemaFlag >= 0 ? args[schemaFlag + 1] : undefined;
  const positional = args.filter((_, i) => i !== schemaFlag && i !== schemaFlag + 1);
  const connectionString = positional[0] ?? process.env.DATABASE_URL;
  if (!connectionString) {
    console.error('usage: npx tsx scripts/migrate.ts [DATABASE_URL] [--schema name]  (or set DATABASE_URL)');
    return 2;
  }
  const pool = await createPostgresPool({ connectionString, schema, poolSize: 1 });
  try {
    const report = await runMigrations(pool);
    for (const name of report.applied) console.log(`applied  ${name}`);
    console.log(`${report.applied.length} applied, ${report.alreadyApplied.length} already applied`);
    return 0;
  } finally {
    await pool.end();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
