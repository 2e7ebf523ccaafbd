import { UsageError, withAssistant, type CliCommand } from '../cli-command.js';
import { createProgressBar } from '../progress-bar.js';

export const reembedCommand: CliCommand = {
  arguments: '',
  summary: 'rebuild the vectors of FAQ entries made by another embedder (or none), in batches',
  options: {
    'batch-size': { type: 'string', description: 'entries per embedding call and per transaction (default 64)' },
  },
  writes: true,
  run: (context) => {
    const raw = context.args.options['batch-size'];
    const batchSize = typeof raw === 'string' ? Number(raw) : undefined;
    if (batchSize !== undefined && !Number.isInteger(batchSize))
      throw new UsageError(`--batch-size must be a whole number, got "${String(raw)}"`);
    return withAssistant(
      context,
      async (assistant) => {
        const before = await assistant.checkEmbedder();
        if (before.configured === null) {
          context.err('No embedder is configured (EMBEDDER=none): set EMBEDDER to re-embed.');
          return 1;
        }
        if (before.stale === 0) {
          context.out(`All FAQ entries are embedded with ${before.configured}; nothing to do.`);
          return 0;
        }
        const bar = createProgressBar(context.io.stderr, 're-embedding');
        try {
          const result = await assistant.reembed(batchSize === undefined ? {} : { batchSize }, (done, total) =>
            bar.update(done, total),
          );
          bar.finish();
          context.out(`Re-embedded ${result.reembedded} FAQ entries with ${before.configured}.`);
          if (result.failed > 0)
            context.err(
              `${result.failed} entries were left as they were (no usable vector, or changed meanwhile): run it again.`,
            );
          return result.failed > 0 ? 1 : 0;
        } finally {
          bar.finish();
        }
      },
      { embedderWarning: false },
    );
  },
};
