import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { agencies, agencyOf } from '../../../services/contracts';
import { cohortEventsFromRows } from '../../../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../../../services/platform/publish';
import type { Runtime } from '../../../services/platform/runtime';
import { ledgerRows } from '../../../test/support/exactly-once';
import { environmentFor } from '../../../test/support/test-stack';
import { catchUp } from '../../consumers';
import { generateAgencyEvents, generateCouncil } from '../../synthetic-council';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { resetMatcher } from '../through-kafka/matcher-through-kafka';
import { runBenchmarkScript } from '../script-main';

/**
 * How long a consumer restarted after a crash takes to apply its first message: `live-risk run
 * --follow matcher` is SIGKILLed once it has committed a batch, a new one is started at once, and
 * the time from that start to its first new ledger row is taken. On the local stack, in topics and a
 * database of its own. Not part of `npm run bench`:
 *
 *   npx tsx pipelines/benchmarks/restart/index.ts [--trials 3] [--families 2000] [--out FILE]
 *
 * To compare with another version, run this file from a checkout of that version: the database is
 * migrated by the code that opens it, so one version's CLI cannot be pointed at another's database.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

async function untilMoreThan(runtime: Runtime, rows: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await ledgerRows(runtime.db)) <= rows) {
    if (Date.now() > deadline) throw new Error(`the matcher applied nothing within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

runBenchmarkScript('restart', async () => {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '3' }, families: { type: 'string', default: '2000' }, out: { type: 'string' } } });
  const cli = join(__dirname, '..', '..', '..', 'bin', 'live-risk.cjs');
  const say = (line: string) => process.stderr.write(`restart: ${line}\n`);
  const seconds = await withIsolatedRuntime(async (runtime) => {
    const council = generateCouncil({ families: Number(values.families), seed: 5 });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    for (const date of ['2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27']) {
      const day = generateAgencyEvents(council, { date, seed: 5 });
      for (const agency of agencies) {
        await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
      }
    }
    // Health on a free port, so a `run --follow` already on 9464 is no obstacle.
    const follow = () => spawn(process.execPath, [cli, 'run', '--follow', 'matcher', '--ops-listen', '127.0.0.1:0'], { env: environmentFor(runtime.config), stdio: 'ignore' });
    const results: number[] = [];
    for (let trial = 1; trial <= Number(values.trials); trial += 1) {
      await resetMatcher(runtime.db, 'matcher');
      const first = follow();
      await untilMoreThan(runtime, 0, 120_000);
      first.kill('SIGKILL');
      await exited(first);
      const atKill = await ledgerRows(runtime.db);
      const started = performance.now();
      const second = follow();
      await untilMoreThan(runtime, atKill, 120_000);
      results.push((performance.now() - started) / 1000);
      say(`trial ${trial}: ${results[results.length - 1].toFixed(2)} s`);
      second.kill('SIGTERM');
      await exited(second);
    }
    return results;
  }, say);
  const markdown = `| seconds to first progress after a restart (${seconds.length} trials) |\n|---:|\n| ${seconds.map((s) => s.toFixed(2)).join(', ')} |\n`;
  return { markdown, out: values.out };
});
