import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_MODES, type SearchMode } from '../../application/search-faq.js';
import { configFromEnv } from '../../composition/config.js';
import { decode } from '../../domain/validation.js';
import { EvalSet } from '../../evaluation/eval-set.js';
import { formatReport } from '../../evaluation/format-report.js';
import { runEvaluation } from '../../evaluation/run-evaluation.js';
import { UsageError, type CliCommand } from '../cli-command.js';

/**
 * `web-assistant eval FILE.json` (also `npm run eval -- FILE.json`): loads the set into a
 * fresh in-memory assistant with the configured embedder and thresholds, whatever
 * DATABASE_URL says, so an evaluation never touches real data.
 */
export const evalCommand: CliCommand = {
  arguments: 'FILE.json',
  summary: 'retrieval evaluation: hit@1, hit@5, MRR, out-of-scope rejection, BM25 baseline',
  options: {
    json: { type: 'boolean', description: 'machine-readable output' },
    mode: { type: 'string', description: 'hybrid (default with an embedder), vector or text' },
    threshold: { type: 'string', description: "override the mode's answer threshold" },
  },
  writes: false,
  run: async (context) => {
    const file = context.args.positionals[0];
    if (!file) throw new UsageError('eval needs a FILE.json');
    const mode = context.args.options['mode'];
    if (mode !== undefined && !(SEARCH_MODES as ReadonlyArray<unknown>).includes(mode))
      throw new UsageError('--mode must be hybrid, vector or text');
    const rawThreshold = context.args.options['threshold'];
    const threshold = typeof rawThreshold === 'string' ? Number(rawThreshold) : undefined;
    if (threshold !== undefined && !Number.isFinite(threshold)) throw new UsageError('--threshold must be a number');
    const config = configFromEnv(context.io.env);
    if (E.isLeft(config)) throw new UsageError(`${config.left.path}: ${config.left.message}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      context.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const set = decode(EvalSet, parsed);
    if (E.isLeft(set)) {
      context.err(`${file}: ${set.left.path || 'top level'}: ${set.left.message}`);
      return 1;
    }
    const json = context.args.options['json'] === true;
    const report = await runEvaluation(set.right, {
      ...(mode === undefined ? {} : { mode: mode as SearchMode }),
      ...(threshold === undefined ? {} : { threshold }),
      config: { ...config.right, storage: { kind: 'sqljs', file: null } },
      ...(context.io.overrides ? { overrides: context.io.overrides } : {}),
      ...(json
        ? {}
        : {
            onProgress: (done: number, total: number) => {
              if (done % 100 === 0 || done === total) void context.io.stderr.write(`\r${done}/${total} queries`);
            },
          }),
    });
    if (!json) void context.io.stderr.write('\n');
    if (json) context.out(JSON.stringify(report, null, 2));
    else context.out(formatReport(report).trimEnd());
    return 0;
  },
};
