import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { LiveRiskError } from '../platform/errors';
import type { Health } from './health';

/**
 * The operator's window into a long-running process, on a port of its own (never the portal's
 * public one, so metrics and health are not reachable through the council's proxy by accident):
 *
 *   GET /healthz   200 while the process runs (liveness: restart it if this fails)
 *   GET /readyz    200 when every part is working, 503 with the parts' states as JSON otherwise
 *   GET /metrics   Prometheus text format (prom-client)
 */
export type OpsServer = Readonly<{ url: string; close(): Promise<void> }>;

export async function startOpsServer(listen: Readonly<{ host: string; port: number }>, registry: Registry, health: Health): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return json(405, { error: 'GET only' });
    if (path === '/healthz') return json(200, { alive: true });
    if (path === '/readyz') {
      health.report().then(
        (report) => json(report.ready ? 200 : 503, report),
        (error: unknown) => json(503, { ready: false, error: String(error) }),
      );
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        (error: unknown) => json(500, { error: String(error) }),
      );
      return;
    }
    json(404, { error: 'try /healthz, /readyz or /metrics' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LiveRiskError('CONFIG_INVALID', `cannot serve health and metrics on ${listen.host}:${listen.port}: ${error.code ?? error.message}`, {
          cause: error,
          hint: 'choose another address with --ops-listen HOST:PORT (is another copy of this process running on this machine?), or --ops-listen off',
        }),
      ),
    );
    server.listen(listen.port, listen.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
