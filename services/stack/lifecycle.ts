import { existsSync } from 'node:fs';
import { LiveRiskError } from '../platform/errors';
import type { ManagedComponent } from './components';
import { isOurProcess, readPid, removePid, stopProcess, tailFile, writePid } from './processes';
import { waitUntilReady } from './readiness';
import type { ComponentStatus, Progress } from './types';

/**
 * Inspect, bring up and bring down one managed component. The decisions, in order: our live
 * process wins; otherwise anything that answers correctly is external and used as it is; otherwise
 * we start our own, after clearing a stale pid file.
 */

export async function inspect(component: ManagedComponent): Promise<ComponentStatus> {
  const pid = readPid(component.pidFile);
  const ours = pid !== null && isOurProcess(pid, component.marker);
  const answers = await component.probe();
  const base = { name: component.name, address: component.address } as const;
  if (ours) {
    return {
      ...base,
      running: answers,
      startedBy: 'us',
      pid,
      logPath: component.logFile,
      ...(answers ? {} : { detail: 'our process is alive but not answering (still starting, or stuck: see the log)' }),
    };
  }
  const stale =
    pid !== null
      ? { detail: `stale pid file ${component.pidFile} (process ${pid} is gone or is not one we started)` }
      : {};
  if (answers) return { ...base, running: true, startedBy: 'external', pid: null, logPath: null, ...stale };
  return {
    ...base,
    running: false,
    startedBy: null,
    pid: null,
    logPath: existsSync(component.logFile) ? component.logFile : null,
    ...stale,
  };
}

/** Assumes the distribution was fetched already (index.ts fetches one at a time, then starts all). */
export async function bringUp(component: ManagedComponent, progress: Progress): Promise<ComponentStatus> {
  const before = await inspect(component);
  const { label, address } = component;
  if (before.running) {
    const who = before.startedBy === 'us' ? `ours, pid ${before.pid}` : 'external, not managed by live-risk';
    progress(`${label} already running at ${address} (${who})`);
    return before;
  }
  if (before.startedBy === 'us' && before.pid !== null) {
    progress(`${label} (pid ${before.pid}) is alive but not answering yet; waiting…`);
    await awaitReady(component, before.pid);
    return inspect(component);
  }
  if (readPid(component.pidFile) !== null) {
    progress(`removing stale pid file ${component.pidFile}`);
    removePid(component.pidFile);
  }
  if (!component.local) {
    throw new LiveRiskError('STACK_NOT_RUNNING', `${label} at ${address} is not answering`, {
      retriable: true,
      hint:
        'that address is not on this machine, so live-risk cannot start it: start it there, ' +
        `or unset the variable to use a local ${label}`,
    });
  }
  if (await component.portTaken()) {
    throw new LiveRiskError(
      'STACK_START_FAILED',
      `another program holds the port of ${address} but does not answer like ${label}`,
      {
        hint:
          `find it with: ss -ltnp | grep :${component.port} (or lsof -i :${component.port}), ` +
          'then stop it or configure another port',
      },
    );
  }
  progress(`starting ${label} on ${address} (log: ${component.logFile})…`);
  const started = Date.now();
  const pid = await component.start().catch((error: unknown) => {
    if (error instanceof LiveRiskError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LiveRiskError('STACK_START_FAILED', `${label} could not be launched: no \`java\` on PATH`, {
        cause: error,
        hint: 'install Java 17 or newer (apt-get install openjdk-17-jre-headless), or use docker compose up -d',
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw startFailed(component, `could not be launched: ${reason}`, error);
  });
  writePid(component.pidFile, pid);
  await awaitReady(component, pid);
  progress(`${label} ready at ${address} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return inspect(component);
}

async function awaitReady(component: ManagedComponent, pid: number): Promise<void> {
  const outcome = await waitUntilReady(component.probe, {
    timeoutMs: component.startTimeoutMs,
    stillAlive: () => isOurProcess(pid, component.marker),
  });
  if (outcome === 'ready') return;
  if (outcome === 'died') {
    removePid(component.pidFile);
    throw startFailed(component, `exited during start-up`);
  }
  throw startFailed(component, `did not answer within ${component.startTimeoutMs / 1000} s`, undefined, true);
}

function startFailed(component: ManagedComponent, what: string, cause?: unknown, stillRunning = false): LiveRiskError {
  return new LiveRiskError(
    'STACK_START_FAILED',
    `${component.label} ${what}. Last lines of ${component.logFile}:\n${tailFile(component.logFile)}`,
    {
      cause,
      retriable: stillRunning,
      hint: stillRunning
        ? 'it may still be starting: check `live-risk stack status`; ' +
          'if it stays down, run `live-risk stack down` then `live-risk stack up`'
        : `fix the cause shown in ${component.logFile}, then run \`live-risk stack up\` again`,
    },
  );
}

/** Stops only a process whose pid file we wrote and whose command line carries our marker. */
export async function bringDown(component: ManagedComponent, progress: Progress): Promise<void> {
  const { label, address } = component;
  const pid = readPid(component.pidFile);
  if (pid === null || !isOurProcess(pid, component.marker)) {
    if (pid !== null) removePid(component.pidFile);
    const external = await component.probe();
    progress(
      external
        ? `${label} at ${address} was not started by live-risk; leaving it running`
        : `${label} is not running`,
    );
    return;
  }
  progress(`stopping ${label} (pid ${pid})…`);
  const outcome = await stopProcess(pid, component.marker, component.stopGraceMs);
  removePid(component.pidFile);
  progress(
    outcome === 'killed'
      ? `${label} did not stop within ${component.stopGraceMs / 1000} s and was killed`
      : `${label} stopped`,
  );
}
