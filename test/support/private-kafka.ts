import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '../../services/platform/config';
import { kafkaComponent } from '../../services/stack/components';
import { bringDown, bringUp } from '../../services/stack/lifecycle';
import { isOurProcess, readPid } from '../../services/stack/processes';

/** A TCP port nothing listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Kafka's controller listens on the broker port + 1, so both must be free. */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65_535 && (await portIsFree(port + 1))) return port;
  }
}

/**
 * A single-node Kafka of the test's own, started by the stack manager on free loopback ports with
 * a state dir in /tmp (the jars come from the normal cache), so a test can kill and restart a broker
 * without touching the shared one. `kill` is SIGKILL to the broker's JVM, as a crash or the OOM killer
 * would do it; `restart` starts it again on the same ports and data dir, so it recovers its logs.
 * It authenticates like the shared one (SASL/SCRAM, deny-by-default ACLs): its storage is formatted
 * with the credentials in LIVE_RISK_STATE_DIR's kafka-credentials (config.kafkaSecurity.secretsDir,
 * which overriding `stateDir` below leaves alone), so a runtime opened on it logs in as usual.
 */
export type PrivateKafka = Readonly<{
  brokers: readonly string[];
  /** The pid of the running broker's JVM (from the pid file the stack manager wrote). */
  pid(): number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the broker (if running) and deletes its state dir. */
  dispose(): Promise<void>;
}>;

export async function startPrivateKafka(progress: (line: string) => void = () => undefined): Promise<PrivateKafka> {
  const stateDir = mkdtempSync(join(tmpdir(), 'live-risk-private-kafka-'));
  const config: Config = { ...loadConfig(), kafkaBrokers: [`127.0.0.1:${await freePortPair()}`], stateDir };
  const component = kafkaComponent(config);
  const pid = () => {
    const found = readPid(component.pidFile);
    if (found === null || !isOurProcess(found, component.marker)) throw new Error(`no private Kafka is running (pid file ${component.pidFile})`);
    return found;
  };
  await component.fetch(progress);
  await bringUp(component, progress);
  return {
    brokers: config.kafkaBrokers,
    pid,
    kill: async () => {
      const victim = pid();
      process.kill(victim, 'SIGKILL');
      while (isOurProcess(victim, component.marker)) await sleep(50);
    },
    restart: async () => {
      await bringUp(component, progress);
    },
    dispose: async () => {
      await bringDown(component, progress).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
