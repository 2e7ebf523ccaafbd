import { withAssistant, type CliCommand } from '../cli-command.js';

export const checkEmbedderCommand: CliCommand = {
  arguments: '',
  summary: 'show which embedders made the stored vectors and whether a re-embed is needed',
  options: {},
  writes: false,
  run: (context) =>
    withAssistant(
      context,
      async (assistant) => {
        const check = await assistant.checkEmbedder();
        context.out(`configured embedder: ${check.configured ?? 'none (text search only)'}`);
        for (const group of check.stored)
          context.out(`${String(group.count).padStart(7)}  ${group.model ?? '(no vector)'}`);
        if (check.message) {
          context.err(check.message);
          return 1;
        }
        return 0;
      },
      { embedderWarning: false },
    ),
};
