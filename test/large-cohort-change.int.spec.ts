import { catchUp } from '../pipelines/consumers';
import { generateCouncil } from '../pipelines/synthetic-council';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { resetConsumer } from '../services/consumers';
import { policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Issue 18: a cohort change touching more people than one INSERT can carry (PostgreSQL allows
 * 65,535 bind parameters; at 4 columns a row that is 16,383 people) stopped the matcher on every
 * run. 5,800 synthetic families are 20,006 people; `live-risk rebuild cohort` gives each of them a
 * new change_seq, so the next matcher run asks for every one of them to be re-matched.
 */
const families = 5_800;

describe('a cohort change larger than one statement can carry', () => {
  let runtime: Runtime;
  const council = generateCouncil({ families, seed: 18 });
  const people = council.rows.length;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (event) => event.familyId);
    // The matcher records re-matching requests only once it has matched something.
    await publishEvents(runtime, 'police', [policeEventFor(council.rows[0], 'ASP-LARGE-COHORT-1')], (event) => event.eventId);
    await catchUp(runtime);
  }, 600_000);
  afterAll(async () => disposeRuntime(runtime));

  it('re-matches every member after the cohort projection is rebuilt, and the matcher keeps running', async () => {
    expect(people).toBeGreaterThanOrEqual(20_000);
    expect(await runtime.db('rematch_requests').count({ n: '*' })).toEqual([{ n: '0' }]);

    // What `live-risk rebuild cohort` does, then the next matcher run.
    await resetConsumer(runtime.db, 'cohort');
    await catchUp(runtime, ['cohort']);
    await catchUp(runtime);

    expect(await runtime.db('rematch_requests').count({ n: '*' })).toEqual([{ n: String(people) }]);
    expect(await runtime.db('rematch_requests').countDistinct({ n: 'member_id' })).toEqual([{ n: String(people) }]);
    expect(await runtime.db('rematch_requests').whereNull('done_at').count({ n: '*' })).toEqual([{ n: '0' }]);
    // The event matched before the rebuild stays matched once, live: re-matching adds no second link.
    const matches = await runtime.db('matches').select('context');
    expect(matches).toEqual([{ context: 'live' }]);
  }, 600_000);
});
