import { withAssistant, type CliCommand } from '../cli-command.js';

/** Opening the assistant applies the migrations (createAssistant with migrate: true); safe to repeat and to run concurrently. */
export const migrateCommand: CliCommand = {
  arguments: '',
  summary: 'create or migrate the schema of DATABASE_URL (safe to run again)',
  options: {},
  writes: true,
  run: (context) =>
    withAssistant(context, (assistant) => {
      context.out(`Schema of the ${assistant.storageKind} store is up to date.`);
      return Promise.resolve(0);
    }),
};
