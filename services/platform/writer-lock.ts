import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { classifyError } from './classify-error';

/**
 * One writer per consumer: a PostgreSQL session-level advisory lock, held on a connection of its
 * own for as long as the consumer runs. A second copy of the same consumer (another `run --follow`,
 * a one-shot `run` beside it) waits for the lock instead of joining the Kafka group and racing for
 * partitions. If the lock's connection dies (PostgreSQL restarted), PostgreSQL has released the
 * lock, so `lost` settles and the holder must stop writing and acquire it again.
 *
 * Locks are per database, so isolated test databases never contend.
 */
export type WriterLock = Readonly<{
  /** Settles (never rejects) if the lock's connection is lost: the lock is no longer held. */
  lost: Promise<Error>;
  release(): Promise<void>;
}>;

const lockName = (name: string) => `live-risk.writer.${name}`;

async function connect(databaseUrl: string): Promise<Client> {
  // Keep-alive both ways: this side notices a dead server, and the server notices a holder whose
  // machine or network died (without it PostgreSQL keeps the lock for the OS default, about two
  // hours, and every standby waits that long).
  const client = new Client({ connectionString: databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
  // An error on an idle client (the server went away) must not crash the process: `lost` reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('set tcp_keepalives_idle = 30; set tcp_keepalives_interval = 10; set tcp_keepalives_count = 3');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw classifyError(error, 'database');
  }
  return client;
}

function holding(client: Client): WriterLock {
  let released = false;
  const lost = new Promise<Error>((resolve) => {
    client.on('error', (error) => resolve(error));
    client.on('end', () => {
      if (!released) resolve(new Error('the connection holding the writer lock ended'));
    });
  });
  return {
    lost,
    release: async () => {
      released = true;
      // Ending the session releases every lock it holds.
      await client.end().catch(() => undefined);
    },
  };
}

/** The lock if nobody holds it, else null (nothing held, nothing waited for). */
export async function tryWriterLock(databaseUrl: string, name: string): Promise<WriterLock | null> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [lockName(name)]);
    if (rows[0]?.locked) return holding(client);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw classifyError(error, 'database');
  }
  await client.end().catch(() => undefined);
  return null;
}

/**
 * Waits until the lock is free and takes it, trying every `pollMs`; `onWaiting` is told once, so
 * the operator sees why nothing happens. Resolves null if the signal aborts first.
 */
export async function acquireWriterLock(
  databaseUrl: string,
  name: string,
  options: { signal?: AbortSignal; onWaiting?: () => void; pollMs?: number } = {},
): Promise<WriterLock | null> {
  let told = false;
  while (!options.signal?.aborted) {
    const lock = await tryWriterLock(databaseUrl, name);
    if (lock) return lock;
    if (!told) options.onWaiting?.();
    told = true;
    await sleep(options.pollMs ?? 2_000, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return null;
}
