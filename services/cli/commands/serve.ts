import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, parseHostPort } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { startPortal } from '../../portal';
import { runLongRunning, withLongRunningOptions, type LongRunningOptions } from '../long-running';
import { say } from '../progress';

function listenOption(value: string): { host: string; port: number } {
  if (!/^[^\s:,]+:\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free port, printed at start)');
  if (value.endsWith(':0')) return { host: value.slice(0, -2), port: 0 };
  try {
    return parseHostPort(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof LiveRiskError ? 'expected a port between 1 and 65535' : String(error));
  }
}

/** `live-risk serve`: the practitioner portal, a long-running process, until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  withLongRunningOptions(
    program
      .command('serve')
      .description('run the practitioner portal: sign in, read digests, acknowledge items, family summaries (TLS is terminated in front of it)')
      .option('--listen <host:port>', 'where to listen (default: PORTAL_LISTEN, 127.0.0.1:8080)', listenOption)
      .addHelpText('after', '\nThe portal reads the projections the consumers keep (`live-risk run --follow`); it never runs a consumer itself.'),
    'portal',
  ).action(async (options: { listen?: { host: string; port: number } } & LongRunningOptions) => {
    const config = loadConfig();
    await runLongRunning(
      'portal',
      options,
      async ({ runtime, signal, health, metrics }) => {
        const portal = await startPortal(runtime, { listen: options.listen ?? config.portalListen, onResponse: (status) => metrics.portalResponse(status) });
        health.set('portal', 'ok');
        say(`portal listening on ${portal.url} (practitioners use ${config.portalUrl}); stop with SIGTERM or Ctrl-C`);
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
        say('portal stopping');
        await portal.close();
      },
      config,
    );
  });
}
