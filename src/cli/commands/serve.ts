import { UsageError, type CliCommand } from '../cli-command.js';
import { portFrom, serveUntilStopped, startHost } from '../host.js';

/**
 * `web-assistant serve`: the reference host from an installed package, configured like
 * `npm start`. The demo seed is opt-in (`--demo`), so a shop's own database never gets a
 * fictional shop's FAQ by accident; `npm start` passes it.
 */
export const serveCommand: CliCommand = {
  arguments: '',
  summary:
    'run the reference host: chat API, widget, demo page, /health, /ready, /metrics (PORT, HOST, ADMIN_TOKEN, ...)',
  options: {
    demo: {
      type: 'boolean',
      description: "load the specification's demo FAQ, widget profiles and context into an empty store",
    },
    port: { type: 'string', description: 'port to listen on, instead of PORT (default 3000; 0: any free port)' },
    host: { type: 'string', description: 'address to listen on, instead of HOST (default 127.0.0.1)' },
  },
  // the host says itself where the data goes; the generic "nothing is kept" warning would repeat it
  writes: false,
  run: async (context) => {
    if (context.args.positionals.length > 0)
      throw new UsageError(`serve takes no arguments, got "${context.args.positionals.join(' ')}"`);
    const rawPort = context.args.options['port'];
    const rawHost = context.args.options['host'];
    let port: number | undefined;
    try {
      port = typeof rawPort === 'string' ? portFrom(rawPort, '--port') : undefined;
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const host = await startHost({
      env: context.io.env,
      demo: context.args.options['demo'] === true,
      ...(port === undefined ? {} : { port }),
      ...(typeof rawHost === 'string' && rawHost.trim() !== '' ? { host: rawHost.trim() } : {}),
      out: (line) => context.out(line),
      ...(context.io.overrides ? { overrides: context.io.overrides } : {}),
    });
    await serveUntilStopped(host, context.io.stop);
    return 0;
  },
};
