import { seedSpecificationData } from '../../../scripts/demo/spec-seed.js';
import { withAssistant, type CliCommand } from '../cli-command.js';

export const seedDemoCommand: CliCommand = {
  arguments: '',
  summary: "load the specification's demo FAQ, widget profiles and agent context into an empty store",
  options: {},
  writes: true,
  run: (context) =>
    withAssistant(context, async (assistant) => {
      const { seeded } = await seedSpecificationData(assistant);
      context.out(
        seeded
          ? 'Loaded the demo FAQ, widget profiles and agent context.'
          : 'The store already has FAQ entries; left it as it is.',
      );
      return 0;
    }),
};
