/**
 * `npx tsx bench/run.ts [--json] [--sizes 1000,10000] [--only name,...] [--visitors 8] [--messages 250]`
 *
 * Every figure is printed beside its floor, measured in the same run (see
 * docs/performance.md). PostgreSQL workloads use BENCH_DATABASE_URL (default
 * postgres://root@127.0.0.1:5432/test) in a schema of their own, dropped at the end;
 * without a server they are skipped with a note.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_BENCH_URL, openBenchDatabase, probeServer } from './lib/bench-database.js';
import type { BenchContext } from './lib/context.js';
import type { BenchResult } from './lib/result.js';
import { formatTable } from './lib/table.js';
import { runAddMessage } from './workloads/add-message.js';
import { runEmbed } from './workloads/embed.js';
import { runHttpLoadWorkload } from './workloads/http-load.js';
import { runImport } from './workloads/import.js';
import { runMemSearch } from './workloads/mem-search.js';
import { runPgSearch } from './workloads/pg-search.js';
import { runProcessMessage } from './workloads/process-message.js';
import { runTtft } from './workloads/ttft.js';

export interface BenchOptions {
  /** Default 1000,10000: the 100k build takes minutes on two cores (docs/performance.md). */
  readonly sizes?: ReadonlyArray<number>;
  /** Result names or prefixes (`pg_search`, `add_message_8`); all when absent. */
  readonly only?: ReadonlyArray<string>;
  readonly json?: boolean;
  /** Default BENCH_DATABASE_URL or postgres://root@127.0.0.1:5432/test; null runs the in-memory workloads only. */
  readonly databaseUrl?: string | null;
  /** Install the LangChain peer with `npm ci --prefix bench/peers` when missing (default true). */
  readonly installPeer?: boolean;
  /** Fewer iterations, for the smoke test. */
  readonly quick?: boolean;
  readonly log?: (message: string) => void;
  /** http workload: concurrent visitors, one run per count (default 8). */
  readonly visitors?: ReadonlyArray<number>;
  /** http workload: messages per visitor (default 250). */
  readonly messagesPerVisitor?: number;
}

export interface BenchReport {
  readonly results: BenchResult[];
  readonly skipped: string[];
}

export const DEFAULT_SIZES = [1_000, 10_000] as const;

/** Names (or prefixes) of the workloads that need PostgreSQL. */
const POSTGRES_WORKLOADS = ['pg_search', 'process_message_pg', 'add_message', 'import_10k', 'http_load_pg'];

const WORKLOADS = [
  runEmbed,
  runMemSearch,
  runPgSearch,
  runProcessMessage,
  runAddMessage,
  runImport,
  runHttpLoadWorkload,
  runTtft,
] as const;

export const DEFAULT_HTTP_VISITORS = [8] as const;
export const DEFAULT_HTTP_MESSAGES_PER_VISITOR = 250;

export const runBench = async (options: BenchOptions = {}): Promise<BenchReport> => {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const only = options.only ?? [];
  const wanted = (name: string) => only.length === 0 || only.some((o) => name === o || name.startsWith(o));
  const url =
    options.databaseUrl === undefined ? (process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL) : options.databaseUrl;
  const needsPostgres =
    only.length === 0 || only.some((o) => POSTGRES_WORKLOADS.some((name) => name.startsWith(o) || o.startsWith(name)));
  const skipped: string[] = [];
  const version = url === null || !needsPostgres ? null : await probeServer(url);
  if (url !== null && needsPostgres && version === null) {
    skipped.push(`PostgreSQL workloads: no server at ${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`);
    log(`note: ${skipped[0]}`);
  }
  const db = version === null || url === null ? null : await openBenchDatabase(url);
  const ctx: BenchContext = {
    sizes: options.sizes ?? DEFAULT_SIZES,
    wanted,
    db,
    log,
    quick: options.quick ?? false,
    installPeer: options.installPeer ?? true,
    httpVisitors: options.visitors ?? DEFAULT_HTTP_VISITORS,
    httpMessagesPerVisitor: options.messagesPerVisitor ?? DEFAULT_HTTP_MESSAGES_PER_VISITOR,
  };
  const results: BenchResult[] = [];
  try {
    for (const workload of WORKLOADS) results.push(...(await workload(ctx)));
  } finally {
    await db?.drop();
  }
  return { results, skipped };
};

const parseArguments = (argv: ReadonlyArray<string>): BenchOptions => {
  const valueOf = (flag: string): string | undefined => {
    const at = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (at < 0) return undefined;
    const arg = argv[at] ?? '';
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  };
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  const sizes = list(valueOf('--sizes'))?.map((s) => {
    const n = Number(s.replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n < 100) throw new RangeError(`--sizes: ${s} is not an integer >= 100`);
    return n;
  });
  const positive = (flag: string, s: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 10_000)
      throw new RangeError(`${flag}: ${s} is not an integer from 1 to 10000`);
    return n;
  };
  const visitors = list(valueOf('--visitors'))?.map((s) => positive('--visitors', s));
  const messages = valueOf('--messages');
  return {
    sizes,
    only: list(valueOf('--only')),
    json: argv.includes('--json'),
    quick: argv.includes('--quick'),
    visitors,
    messagesPerVisitor: messages === undefined ? undefined : positive('--messages', messages),
  };
};

const main = async () => {
  const options = parseArguments(process.argv.slice(2));
  const report = await runBench(options);
  if (options.json)
    process.stdout.write(`${JSON.stringify({ results: report.results, skipped: report.skipped }, null, 2)}\n`);
  else {
    process.stdout.write(`${formatTable(report.results)}\n`);
    for (const s of report.skipped) process.stdout.write(`skipped: ${s}\n`);
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
