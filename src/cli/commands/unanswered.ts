import { UsageError, withAssistant, type CliCommand } from '../cli-command.js';

export const unansweredCommand: CliCommand = {
  arguments: '',
  summary: 'list the questions the FAQ had no confident answer for, most asked first',
  options: {
    limit: { type: 'string', description: 'how many (1-100, default 50)' },
  },
  writes: false,
  run: (context) => {
    const raw = context.args.options['limit'];
    const limit = typeof raw === 'string' ? Number(raw) : undefined;
    if (limit !== undefined && !Number.isInteger(limit))
      throw new UsageError(`--limit must be a whole number, got "${String(raw)}"`);
    return withAssistant(context, async (assistant) => {
      const questions = await assistant.listUnansweredQuestions(limit === undefined ? {} : { limit });
      if (questions.length === 0) context.out('No unanswered questions recorded.');
      for (const q of questions)
        context.out(
          `${String(q.count).padStart(5)}  ${q.lastSeen.toISOString().slice(0, 10)}  ${q.exampleText.replace(/\s+/g, ' ')}`,
        );
      return 0;
    });
  },
};
