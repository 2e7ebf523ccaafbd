/**
 * npm run eval -- FILE.json [--json] [--mode hybrid|vector|text] [--threshold 0.4] [--embedder offline|none]
 *
 * Loads an evaluation set into a fresh in-memory assistant and prints hit@1, hit@5 and
 * MRR overall and per kind, the out-of-scope rejection rate at the threshold, a BM25
 * baseline on the same data, and a threshold sweep.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../src/domain/validation.js';
import { EvalSet } from '../src/evaluation/eval-set.js';
import { formatReport } from '../src/evaluation/format-report.js';
import { runEvaluation } from '../src/evaluation/run-evaluation.js';
import type { SearchMode } from '../src/application/search-faq.js';

const main = async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      mode: { type: 'string' },
      threshold: { type: 'string' },
      embedder: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: npm run eval -- FILE.json [--json] [--mode hybrid|vector|text] [--threshold N] [--embedder offline|none]\n');
    process.exitCode = 2;
    return;
  }
  const set = decode(EvalSet, JSON.parse(readFileSync(file, 'utf8')));
  if (E.isLeft(set)) throw new Error(`${file}: ${set.left.path}: ${set.left.message}`);
  const mode = values.mode as SearchMode | undefined;
  if (mode && !['hybrid', 'vector', 'text'].includes(mode)) throw new Error('--mode must be hybrid, vector or text');
  const embedder = values.embedder === 'none' ? { kind: 'none' as const } : { kind: 'offline' as const };
  const report = await runEvaluation(set.right, {
    ...(mode ? { mode } : {}),
    ...(values.threshold ? { threshold: Number(values.threshold) } : {}),
    config: { embedder },
    onProgress: values.json
      ? undefined
      : (done, total) => {
          if (done % 50 === 0 || done === total) process.stderr.write(`\r${done}/${total} queries`);
        },
  });
  if (!values.json) process.stderr.write('\n');
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
