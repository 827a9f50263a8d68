import { mkdirSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../platform/logger';
import { storeMessage } from './store';

/**
 * The development mail sink: a real SMTP server on loopback that accepts every message and keeps
 * it as an .eml file instead of delivering it. `live-risk stack up` runs this file as a detached
 * process (see component.ts); nothing else should. Arguments:
 *
 *   --listen 127.0.0.1:2525 --dir <stateDir>/mail [-Dlive-risk.component=mail ...]
 *
 * The -D arguments are ignored here: they only mark the process as ours for `stack down`.
 */
export const maxMessageBytes = 1024 * 1024;

const log = createLogger({ component: 'mail-sink' }, 'info');

function argument(name: string): string {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (value === undefined) {
    log.error('missing argument', { argument: name });
    process.exit(2);
  }
  return value;
}

const listen = argument('--listen');
const directory = argument('--dir');
const separator = listen.lastIndexOf(':');
const host = listen.slice(0, separator).replace(/^\[|\]$/g, '');
const port = Number(listen.slice(separator + 1));
mkdirSync(directory, { recursive: true });

let counter = 0;

const server = new SMTPServer({
  name: 'live-risk-mail-sink',
  banner: 'live-risk development mail sink: stores messages, delivers nothing',
  // Loopback only and nothing is delivered onwards, so there is nothing to authenticate or encrypt.
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: maxMessageBytes,
  rejectOversized: true,
  disableReverseLookup: true,
  maxClients: 50,
  // `stack down` sends SIGTERM and waits a few seconds: do not hang on to idle clients for 30 s.
  closeTimeout: 2000,
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => callback(error));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        // rejectOversized has already answered 552; this only keeps the file out of the mailbox.
        callback(Object.assign(new Error('message exceeds the 1 MB limit of the development mail sink'), { responseCode: 552 }));
        return;
      }
      try {
        counter += 1;
        const file = storeMessage(directory, Buffer.concat(chunks), new Date(), counter);
        // File name and size only: addresses and subjects stay out of the log.
        log.info('message stored', { file, bytes: stream.byteLength, recipients: session.envelope.rcptTo.length });
        callback(null, `stored as ${file}`);
      } catch (error) {
        log.error('could not store message', { error: error instanceof Error ? error.message : String(error) });
        callback(Object.assign(new Error('the mail sink could not store the message; try again'), { responseCode: 451 }));
      }
    });
  },
});

server.on('error', (error: NodeJS.ErrnoException) => {
  log.error('mail sink error', { code: error.code, error: error.message });
  // Failing to bind is fatal (the stack manager sees the process die and shows this log);
  // errors on one client connection are not.
  if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') process.exit(1);
});

server.listen(port, host, () => log.info('listening', { host, port, directory }));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info('stopping', { signal });
    server.close(() => process.exit(0));
  });
}
