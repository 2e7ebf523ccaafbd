import type { CliCommand } from '../cli-command.js';

/** Placeholder: the retrieval evaluation (issue 4, item 7) plugs in here. */
export const evalCommand: CliCommand = {
  arguments: 'FILE.json',
  summary: 'retrieval evaluation: hit@1, hit@5, MRR, out-of-scope rejection, BM25 baseline',
  options: {
    json: { type: 'boolean', description: 'machine-readable output' },
  },
  writes: false,
  run: (context) => {
    context.err('eval is not wired into this command yet: use `npm run eval -- FILE.json`.');
    return Promise.resolve(1);
  },
};
