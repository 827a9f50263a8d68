import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay on loopback in front of a real server (here PostgreSQL), that a test can cut: `cut()`
 * closes every open connection on both sides, as the kernel does for a server process that dies,
 * and refuses every new one (accepted, then reset at once) until `restore()`.
 */
export type TcpProxy = Readonly<{
  port: number;
  /** Connections accepted and passed through so far (refused ones not counted). */
  connections(): number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}>;

export async function tcpProxy(target: Readonly<{ host: string; port: number }>): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  let passed = 0;
  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    passed += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const upstream = createConnection({ host: target.host, port: target.port });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: address.port,
    connections: () => passed,
    cut: () => {
      open = false;
      destroyAll();
    },
    restore: () => {
      open = true;
    },
    close: async () => {
      open = false;
      destroyAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
