/**
 * The bench is not a test (it measures, it does not judge), but its command must keep
 * running: this runs every workload once at a tiny size and checks the JSON shape the
 * issue promises, plus the two facts the bench reports that are correctness, not speed:
 * a filtered PostgreSQL search fills `limit` even on the HNSW path, and ProcessMessage's
 * round trips are counted.
 *
 * PostgreSQL parts follow test/support/postgres-harness.ts: TEST_DATABASE_URL selects the
 * server; without it they are skipped outside CI (PGlite's socket takes one connection,
 * the bench needs several) and fail under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.js';

const isCi = () => process.env.CI === 'true' || process.env.CI === '1';
const databaseUrl = process.env.TEST_DATABASE_URL ?? null;

const expectShape = (results: ReadonlyArray<Record<string, unknown>>) => {
  for (const r of results) {
    expect(typeof r['name']).toBe('string');
    expect(typeof r['median_ms']).toBe('number');
    expect(typeof r['p99_ms']).toBe('number');
    expect(r['floor'] === null || typeof r['floor'] === 'string').toBe(true);
    expect(r['floor_median_ms'] === null || typeof r['floor_median_ms'] === 'number').toBe(true);
    expect(r['ratio'] === null || typeof r['ratio'] === 'number').toBe(true);
    expect(Number.isFinite(r['median_ms'])).toBe(true);
  }
};

describe('bench smoke', () => {
  it('runs the in-memory workloads and reports medians, p99 and floors', async () => {
    const report = await runBench({
      sizes: [200],
      only: ['embed', 'mem_search', 'process_message_mem', 'import_10k_mem', 'ttft'],
      quick: true,
      databaseUrl: null,
      log: () => undefined,
    });
    const names = report.results.map((r) => r.name);
    expect(names).toEqual(['embed', 'mem_search_200', 'process_message_mem', 'import_10k_mem', 'ttft']);
    expectShape(report.results as unknown as Array<Record<string, unknown>>);
    expect(report.results.find((r) => r.name === 'mem_search_200')?.rows).toBe(10);
    // time to first token: the generator against fetch alone on the same loopback stream
    const ttft = report.results.find((r) => r.name === 'ttft');
    expect(ttft?.floor_median_ms).toBeGreaterThan(0);
    expect(ttft?.ratio).toBeGreaterThan(0);
  }, 60_000);

  it.skipIf(!databaseUrl && !isCi())(
    'runs the PostgreSQL workloads on TEST_DATABASE_URL',
    async () => {
      if (!databaseUrl)
        throw new Error(
          'CI=true but TEST_DATABASE_URL is not set: the bench smoke test needs a PostgreSQL server in CI',
        );
      const report = await runBench({
        sizes: [200],
        only: ['pg_search', 'process_message_pg', 'add_message_1', 'import_10k'],
        quick: true,
        databaseUrl,
        installPeer: false,
        log: () => undefined,
      });
      expect(report.skipped).toEqual([]);
      const byName = new Map(report.results.map((r) => [r.name, r]));
      expect([...byName.keys()].sort()).toEqual(
        [
          'add_message_1',
          'import_10k',
          'import_10k_mem',
          'pg_search_200',
          'pg_search_filtered_200',
          'process_message_pg',
        ].sort(),
      );
      expectShape(report.results as unknown as Array<Record<string, unknown>>);
      const filtered = byName.get('pg_search_filtered_200');
      // every page as full as exact search's (a 5 % category of 200 rows may hold fewer than 10) ...
      expect(filtered?.short_pages).toBe(0);
      // ... also pushed onto the HNSW index: iterative scan is in force in the adapter's statement
      expect(filtered?.forced_hnsw_short_pages).toBe(0);
      expect(byName.get('process_message_pg')?.round_trips).toBeGreaterThan(0);
    },
    60_000,
  );

  it('the CLI prints the JSON shape on stdout', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawnSync('npx', ['tsx', 'bench/run.ts', '--json', '--quick', '--only', 'embed'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(child.status).toBe(0);
    const parsed = JSON.parse(child.stdout) as { results: Array<Record<string, unknown>> };
    expect(parsed.results.map((r) => r['name'])).toEqual(['embed']);
    expectShape(parsed.results);
  }, 60_000);
});
