import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, parseHostPort } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { startPortal } from '../../portal';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';

function listenOption(value: string): { host: string; port: number } {
  if (!/^[^\s:,]+:\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:8080');
  try {
    return parseHostPort(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof LiveRiskError ? 'expected a port between 1 and 65535' : String(error));
  }
}

/** `live-risk serve`: the practitioner portal, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the practitioner portal: sign in, read digests, acknowledge items, family summaries (TLS is terminated in front of it)')
    .option('--listen <host:port>', 'where to listen (default: PORTAL_LISTEN, 127.0.0.1:8080)', listenOption)
    .action(async (options: { listen?: { host: string; port: number } }) => {
      const config = loadConfig();
      await withRuntime(async (runtime) => {
        const portal = await startPortal(runtime, { listen: options.listen ?? config.portalListen });
        say(`portal listening on ${portal.url} (practitioners use ${config.portalUrl}); stop with Ctrl-C`);
        await new Promise<void>((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
        });
        say('portal stopping');
        await portal.close();
      }, config);
    });
}
