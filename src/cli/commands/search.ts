import type { FaqHit } from '../../application/search-faq.js';
import { UsageError, withAssistant, type CliCommand } from '../cli-command.js';

const signals = (hit: FaqHit): string => {
  const parts: string[] = [];
  if (hit.signals.vector) parts.push(`vector #${hit.signals.vector.rank} ${hit.signals.vector.similarity.toFixed(3)}`);
  if (hit.signals.text) parts.push(`text #${hit.signals.text.rank} coverage ${hit.signals.text.coverage.toFixed(2)}`);
  return parts.join(', ');
};

export const searchCommand: CliCommand = {
  arguments: 'QUERY',
  summary: 'search the FAQ and print the ranked entries with their scores',
  options: {
    category: { type: 'string', description: 'only entries of this category' },
    limit: { type: 'string', description: 'how many results (1-100, default 5)' },
    text: { type: 'boolean', description: 'full-text search only (no vectors)' },
  },
  writes: false,
  run: (context) => {
    const query = context.args.positionals.join(' ').trim();
    if (query === '') throw new UsageError('search needs a QUERY');
    const rawLimit = context.args.options['limit'];
    const limit = typeof rawLimit === 'string' ? Number(rawLimit) : undefined;
    if (limit !== undefined && !Number.isInteger(limit))
      throw new UsageError(`--limit must be a whole number, got "${String(rawLimit)}"`);
    const category = context.args.options['category'];
    return withAssistant(context, async (assistant) => {
      const result = await assistant.searchFaq({
        query,
        ...(typeof category === 'string' ? { category } : {}),
        ...(limit === undefined ? {} : { limit }),
        ...(context.args.options['text'] ? { useVector: false } : {}),
      });
      context.out(`mode ${result.mode}, answer threshold ${result.threshold.toFixed(3)}`);
      if (result.hits.length === 0) {
        context.out('no matching FAQ entry');
        return 0;
      }
      result.hits.forEach((hit, i) => {
        const answered = i === 0 && hit.confidence >= result.threshold ? ' (would answer)' : '';
        context.out(
          `${i + 1}. #${hit.entry.id} confidence ${hit.confidence.toFixed(3)} score ${hit.score.toFixed(4)} margin ${hit.margin.toFixed(3)}${answered}`,
        );
        context.out(`   ${hit.entry.category ? `[${hit.entry.category}] ` : ''}${hit.entry.question}`);
        const how = signals(hit);
        if (how) context.out(`   ${how}`);
      });
      return 0;
    });
  },
};
