import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../platform/config';
import { formatHostPort, isLoopback, type HostPort } from '../addresses';
import type { ManagedComponent } from '../components';
import { stackPaths } from '../paths';
import { processMarker, spawnDetached } from '../processes';
import { probeTcp } from '../readiness';
import { probeSmtp } from './probe';

/**
 * The development mail sink as a stack component, started and stopped like Kafka and the registry:
 * a pid file, a marker on its command line, a log, and a probe that holds a real SMTP conversation.
 * It is a Node process running server.ts through tsx, the same way bin/live-risk.cjs runs the CLI,
 * so there is nothing to fetch or build.
 */
export type SmtpAddress = HostPort & Readonly<{ secure: boolean }>;

/** Ports as nodemailer defaults them when SMTP_URL names none: 465 for smtps, else 587. */
export function smtpAddress(config: Pick<Config, 'smtpUrl'>): SmtpAddress {
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === 'smtps:';
  return { host: url.hostname, port: url.port !== '' ? Number(url.port) : secure ? 465 : 587, secure };
}

/** Where the sink listens: the SMTP_URL's host, but 'localhost' pinned to IPv4 loopback. */
function bindAddress({ host, port }: HostPort): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '::1' ? `[::1]:${port}` : `127.0.0.1:${port}`;
}

const repositoryRoot = resolve(__dirname, '..', '..', '..');
const serverScript = join(__dirname, 'server.ts');

export function mailComponent(config: Config): ManagedComponent {
  const paths = stackPaths(config).mail;
  const address = smtpAddress(config);
  return {
    name: 'mail',
    label: 'development mail sink',
    address: formatHostPort(address),
    port: address.port,
    // We only ever run a plain-text sink on this machine; smtps:// means a real relay somewhere.
    local: isLoopback(address.host) && !address.secure,
    pidFile: paths.pid,
    logFile: paths.log,
    marker: processMarker('mail', config.stateDir),
    probe: () => probeSmtp(address),
    portTaken: () => probeTcp(address),
    fetch: async () => undefined,
    start: () => {
      mkdirSync(paths.dir, { recursive: true });
      return spawnDetached({
        command: process.execPath,
        args: [
          // The tsx loader resolved from here, so the sink starts whatever the caller's directory is.
          '--require',
          require.resolve('tsx/cjs'),
          serverScript,
          '--listen',
          bindAddress(address),
          '--dir',
          paths.dir,
          ...processMarker('mail', config.stateDir),
        ],
        cwd: repositoryRoot,
        env: process.env,
        logFile: paths.log,
      });
    },
    // Node and tsx start in well under a second; the margin covers a cold disk cache.
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
  };
}
