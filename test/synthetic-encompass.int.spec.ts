import { catchUp } from '../pipelines/consumers';
import { describeEncompass, encompassCounts } from '../pipelines/demo/encompass-counts';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf } from '../services/contracts';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The demo's Operation Encompass story end to end: the synthetic council's roll (cohort events from
 * its school_urn column) and one day's agency events, through the matcher and the Encompass decider,
 * tell the Davis children's school (the register's first) about the domestic-abuse call-out that
 * names them, and the demo's line says so with counts only.
 */
describe("the synthetic council's Operation Encompass story", () => {
  let runtime: Runtime;
  const council = generateCouncil({ families: 40, seed: 5 });

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
  });
  afterAll(async () => disposeRuntime(runtime));

  it("tells the Davis children's school about the call-out that names them, and the demo line counts it without names", async () => {
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    const before = await encompassCounts(runtime.db);
    const day = generateAgencyEvents(council, { date: '2026-03-27', seed: 5 });
    for (const agency of agencies) {
      await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
    await catchUp(runtime);
    const told = await runtime.db('encompass_notifications').where({ family_id: 'F-DAVIS', status: 'notified' }).orderBy('member_id').select('member_id', 'school_urn', 'recipient_kind');
    expect(told).toEqual([
      { member_id: 'F-DAVIS-M3', school_urn: '990101', recipient_kind: 'school' },
      { member_id: 'F-DAVIS-M4', school_urn: '990101', recipient_kind: 'school' },
    ]);
    const line = describeEncompass(before, await encompassCounts(runtime.db), (urn) => (urn === '990101' ? 'Avonford Primary School' : undefined));
    expect(line).toMatch(/Operation Encompass notifications: .*\b\d+ to school 990101 \(Avonford Primary School\)/);
    expect(line).not.toMatch(/Jack|Ellie|Davis/);
  });
});
