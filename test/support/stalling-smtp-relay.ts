import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay on loopback in front of the real mail sink: it passes the first `passing` connections
 * through and holds every later one open without a word, so the sender waits for an SMTP greeting
 * that never comes. A sender killed then has sent exactly `passing` emails, and has one in hand.
 */
export type StallingSmtpRelay = Readonly<{
  url: string;
  /** Resolves when the first held connection arrives. */
  stalled: Promise<void>;
  close(): Promise<void>;
}>;

export async function stallingSmtpRelay(smtpUrl: string, passing: number): Promise<StallingSmtpRelay> {
  const target = new URL(smtpUrl);
  const sockets = new Set<Socket>();
  let connections = 0;
  let markStalled: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => (markStalled = resolve));
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    connections += 1;
    if (connections > passing) {
      markStalled();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    stalled,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
