import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { formatHostPort, postgresAddress } from './addresses';
import { managedComponents } from './components';
import { bringDown, inspect } from './lifecycle';
import { withStackLock } from './lock';
import { stackPaths } from './paths';
import { databaseName, dropDatabase, existingDatabases, requirePostgres, sessionsOn } from './postgres';
import { describePlan, isEmptyPlan, planReset, refuseUnlessLocal, scratchPrefixes, type ResetPlan } from './reset-plan';
import type { Progress } from './types';

/**
 * `live-risk stack reset`: stops the stack live-risk runs, deletes Kafka's data and drops the
 * project's and the registry's databases, so the next `stack up` starts from nothing. It exists
 * so that a developer never keeps projections built from another Kafka (one replaced, restored or
 * wiped by hand), which the consumers would silently read past. Logs, the mail sink's messages
 * and the pseudonym key stay: none of them is built from Kafka.
 */
export type ResetReport = Readonly<{ outcome: 'done' | 'cancelled' | 'nothing to do'; plan: ResetPlan; droppedScratch: readonly string[] }>;

export type ResetOptions = Readonly<{
  /** Also drop leftover test and benchmark databases nobody is connected to. */
  scratch: boolean;
  /** Shown what will happen; true to go ahead. */
  confirm: (lines: readonly string[]) => Promise<boolean>;
}>;

/** The registry's own connections go when we stop it; waiting this long covers their closing. */
const dropWaitMs = 15_000;

export async function stackReset(config: Config, progress: Progress, options: ResetOptions): Promise<ResetReport> {
  refuseUnlessLocal(config);
  await requirePostgres(config.databaseUrl);
  await requirePostgres(config.registryDatabaseUrl);
  const plan = planReset(await findings(config), options);
  if (isEmptyPlan(plan)) return { outcome: 'nothing to do', plan, droppedScratch: [] };
  if (!(await options.confirm(describePlan(plan)))) return { outcome: 'cancelled', plan, droppedScratch: [] };

  const droppedScratch: string[] = [];
  await withStackLock(config.stateDir, progress, async () => {
    // Stops only what our pid files name and our marker confirms, like `stack down`.
    for (const component of managedComponents(config).reverse()) await bringDown(component, progress);
    if (plan.removeDirectory) rmSync(plan.removeDirectory, { recursive: true, force: true });
    for (const name of plan.dropDatabases) await dropWhenFree(urlOf(config, name), name);
    for (const name of plan.dropScratch) {
      // Someone may have connected since we looked: then it is theirs, and stays.
      if ((await dropDatabase(config.databaseUrl, name)) === 'dropped') droppedScratch.push(name);
    }
  });
  return { outcome: 'done', plan, droppedScratch };
}

async function findings(config: Config) {
  const project = databaseName(config.databaseUrl);
  const registryDb = databaseName(config.registryDatabaseUrl);
  const components = await Promise.all(managedComponents(config).map((component) => inspect(component)));
  const projectSide = await existingDatabases(config.databaseUrl, [project], scratchPrefixes(project));
  const registrySide = await existingDatabases(config.registryDatabaseUrl, [registryDb]);
  const databases = [...new Set([...projectSide.named, ...registrySide.named])];
  const scratchNames = projectSide.prefixed.filter((name) => !databases.includes(name));
  const scratchSessions = await sessionsOn(config.databaseUrl, scratchNames);
  // Our registry's pool is on its database while it runs; stopping it ends those sessions.
  const ownRegistry = components.some((component) => component.name === 'registry' && component.startedBy === 'us');
  const sessions = [
    ...(await sessionsOn(config.databaseUrl, projectSide.named)),
    ...(ownRegistry ? [] : await sessionsOn(config.registryDatabaseUrl, registrySide.named)),
  ];
  const dataDir = stackPaths(config).kafka.dataDir;
  return {
    stateDir: config.stateDir,
    components,
    kafkaData: existsSync(dataDir) ? dataDir : null,
    databases,
    server: formatHostPort(postgresAddress(config.databaseUrl)),
    sessions,
    scratch: scratchNames.map((name) => ({ name, sessions: scratchSessions.filter((s) => s.database === name).length })),
  };
}

const urlOf = (config: Config, name: string): string =>
  databaseName(config.registryDatabaseUrl) === name ? config.registryDatabaseUrl : config.databaseUrl;

async function dropWhenFree(databaseUrl: string, name: string): Promise<void> {
  const deadline = Date.now() + dropWaitMs;
  for (;;) {
    const outcome = await dropDatabase(databaseUrl, name);
    if (outcome !== 'in use') return;
    if (Date.now() > deadline) {
      const left = await sessionsOn(databaseUrl, [name]);
      throw new LiveRiskError('INPUT_INVALID', `could not drop ${name}: still connected after ${dropWaitMs / 1000} s: ${left.map((s) => `pid ${s.pid} ${s.application}`).join(', ')}`, {
        hint: 'the stack is stopped and Kafka\'s data is gone; stop whatever holds that database, then run `live-risk stack reset` again to finish',
      });
    }
    await sleep(500);
  }
}
