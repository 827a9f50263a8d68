import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { agencies } from '../../contracts';
import { IngestMetrics, issueApiKey, listApiKeys, revokeApiKey, startIngestServer } from '../../ingest';
import { loadConfig, parseHostPort, type Config } from '../../platform/config';
import { withDatabase } from '../../platform/database';
import { describeError, LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { runLongRunning, withLongRunningOptions, type LongRunningOptions } from '../long-running';
import { loadFhirMapping } from '../../ingest/fhir';
import { say } from '../progress';
import { registerIngestFileCommands } from './ingest-files';
import { formatTable } from '../table';

type Listen = { host: string; port: number };

function listenOption(value: string): Listen {
  if (!/^[^\s:,]+:\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:8443 (port 0: any free port, printed at start)');
  if (value.endsWith(':0')) return { host: value.slice(0, -2), port: 0 };
  try {
    return parseHostPort(value, 'INGEST_LISTEN', '127.0.0.1:8443');
  } catch {
    throw new InvalidArgumentError('expected a port between 1 and 65535');
  }
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

function readPem(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read ${variable} ${path}: ${describeError(error)}`, { hint: `set ${variable} to a readable PEM file` });
  }
}

/** The TLS files, or none; plain HTTP is refused anywhere but loopback (the council's proxy terminates TLS there). */
export function ingestTls(config: Config, listen: Listen): { cert: Buffer; key: Buffer } | undefined {
  if (config.ingest.tls) return { cert: readPem(config.ingest.tls.certFile, 'INGEST_TLS_CERT_FILE'), key: readPem(config.ingest.tls.keyFile, 'INGEST_TLS_KEY_FILE') };
  if (!isLoopback(listen.host)) {
    throw new LiveRiskError('CONFIG_INVALID', `refusing plain HTTP on ${listen.host}: API keys would cross the network in clear`, {
      hint: 'set INGEST_TLS_CERT_FILE and INGEST_TLS_KEY_FILE for HTTPS, or listen on loopback (127.0.0.1) behind the council’s TLS proxy',
    });
  }
  return undefined;
}


const withDatabaseOfConfig = <T>(work: (db: Knex) => Promise<T>): Promise<T> => withDatabase(loadConfig().databaseUrl, work);

export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('agencies publishing without a Kafka client: the HTTPS ingest API and its API keys');

  withLongRunningOptions(
    ingest
      .command('serve')
      .description('run the HTTPS ingest API: agencies POST events with their API key; each is acknowledged once Kafka has it')
      .option('--listen <host:port>', 'where to listen (default: INGEST_LISTEN, 127.0.0.1:8443)', listenOption)
      .addHelpText(
        'after',
        '\nHTTPS natively when INGEST_TLS_CERT_FILE and INGEST_TLS_KEY_FILE (PEM) are set. Without them it speaks plain HTTP and\n' +
          'listens only on loopback, behind the council’s TLS-terminating proxy (like the portal); any other address is refused.\n' +
          'Limits: INGEST_MAX_BODY_BYTES (default 1 MiB, 413 above), INGEST_MAX_BATCH (default 500 events), INGEST_RATE_LIMIT\n' +
          '(requests per minute per agency, default 600; 429 with Retry-After above). The API is described at GET /openapi.json\n' +
          '(also schemas/ingest-api.openapi.json). Keys: `live-risk ingest key add --agency AGENCY`. CSV extracts: POST /v1/extracts\n' +
          '(multipart: mapping + extract, up to INGEST_MAX_EXTRACT_BYTES, 32 MiB by default); FHIR Bundles: POST /v1/fhir, read with\n' +
          'the code table in INGEST_FHIR_MAPPING_FILE.',
        ),
    'ingest',
  ).action(async (options: { listen?: Listen } & LongRunningOptions) => {
    const config = loadConfig();
    const listen = options.listen ?? config.ingest.listen;
    const tls = ingestTls(config, listen);
    const fhirMapping = config.ingest.fhirMappingFile ? loadFhirMapping(config.ingest.fhirMappingFile) : undefined;
    await runLongRunning(
      'ingest',
      options,
      async ({ runtime, signal, health, metrics }) => {
        const server = await startIngestServer(runtime, { ...config.ingest, listen, tls, fhirMapping, metrics: new IngestMetrics(metrics.registry) });
        health.set('ingest', 'ok');
        say(`ingest API listening on ${server.url}${tls ? '' : ' (plain HTTP on loopback: put the council’s TLS proxy in front)'}; stop with SIGTERM or Ctrl-C`);
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
        say('ingest API stopping: finishing requests in hand');
        await server.close();
      },
      config,
    );
  });

  registerIngestFileCommands(ingest);

  const key = ingest.command('key').description("agencies' API keys for the ingest API (shown once, stored only as a hash)");
  key
    .command('add')
    .description('issue a new API key for an agency and print it once')
    .requiredOption('--agency <agency>', `the agency the key publishes as (${agencies.join(', ')})`)
    .option('--label <text>', 'who holds the key, for `ingest key list` (e.g. "Leeds police nightly extract")')
    .addHelpText('after', '\nThe key is printed once on stdout and never stored or logged: hand it to the agency over a secure channel.\nAn agency may hold several keys (rotate by adding a new one, then revoking the old).')
    .action(async (options: { agency: string; label?: string }) => {
      const issued = await withDatabaseOfConfig((db) => issueApiKey(db, options.agency, options.label));
      process.stderr.write(terminal`issued key ${issued.keyId} for ${issued.agency}; it is shown once, here:\n`);
      console.log(issued.apiKey);
    });
  key
    .command('revoke')
    .description('revoke an API key at once')
    .argument('<key-id>', 'the key id, as `ingest key list` shows it')
    .action(async (keyId: string) => {
      const row = await withDatabaseOfConfig((db) => revokeApiKey(db, keyId));
      console.log(terminal`revoked key ${row.keyId} of ${row.agency}; requests with it are refused from now on`);
    });
  key
    .command('list')
    .description('list API keys: id, agency, label, created, last used, revoked (never the secrets)')
    .action(async () => {
      const rows = await withDatabaseOfConfig((db) => listApiKeys(db));
      if (rows.length === 0) {
        console.log('no ingest API keys yet; issue one with `live-risk ingest key add --agency AGENCY`');
        return;
      }
      const when = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : '');
      console.log(formatTable(['key id', 'agency', 'label', 'created', 'last used', 'revoked'], rows.map((r) => [r.keyId, r.agency, r.label ?? '', when(r.createdAt), when(r.lastUsedAt), when(r.revokedAt)])));
    });
}
