import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import '../platform/kafkajs-request-queue';
import type { HostPort } from './addresses';

/**
 * Probes that ask each service a real protocol question. An open port is not enough: a JVM binds
 * its port seconds before it can answer, and another program may hold the port.
 */

/** Something accepts TCP connections here (used to tell "port taken by a stranger" apart). */
export function probeTcp({ host, port }: HostPort, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** A Kafka broker answered a metadata request (listTopics) within the timeout, or refused the login in `security`. */
export async function probeKafka(brokers: readonly string[], security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {}, timeoutMs = 5000): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'live-risk-stack-probe',
    brokers: [...brokers],
    ...security,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3000),
    requestTimeout: timeoutMs,
    // One attempt per probe: the caller's wait loop does the retrying, with its own deadline.
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.listTopics();
      })(),
      timeoutMs,
    );
    return true;
  } catch (error) {
    // It refused our login: that is a Kafka answering (one we may not use, which is the caller's
    // business: `status` reports it, `up` refuses to start a second one on its port).
    return (error as Error).name === 'KafkaJSSASLAuthenticationError';
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The Confluent-compatible API listed subjects: GET <url>/subjects answered 200 with an array.
 * `authorization` is a reader's credentials, for a registry that lets no one read anonymously.
 */
export async function probeRegistry(schemaRegistryUrl: string, authorization?: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const response = await fetch(`${schemaRegistryUrl}/subjects`, {
      signal: AbortSignal.timeout(timeoutMs),
      ...(authorization === undefined ? {} : { headers: { authorization } }),
    });
    if (response.status !== 200) return false;
    return Array.isArray(await response.json());
  } catch {
    return false;
  }
}

/** Keycloak published its master realm's OpenID discovery document (it does once its database is ready). */
export async function probeKeycloak(keycloakUrl: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const response = await fetch(`${keycloakUrl}/realms/master/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) return false;
    const document = (await response.json()) as { issuer?: unknown };
    return typeof document.issuer === 'string';
  } catch {
    return false;
  }
}

export type WaitOutcome = 'ready' | 'died' | 'timeout';

/**
 * Polls a probe until it succeeds, the process we are waiting for dies (no point waiting out the
 * full timeout then), or the deadline passes.
 */
export async function waitUntilReady(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; stillAlive?: () => boolean },
): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe()) return 'ready';
    if (options.stillAlive && !options.stillAlive()) return 'died';
    if (Date.now() >= deadline) return 'timeout';
    await sleep(options.intervalMs ?? 1000);
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
