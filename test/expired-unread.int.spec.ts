import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { PoliceIncident } from '../services/contracts';
import { reconcile } from '../services/matcher/reconcile';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { setTopicSettings } from '../services/retention';
import { getReview, listReviews, personAsRecorded } from '../services/review';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

/**
 * What the pipeline does when Kafka deletes agency events (their retention period) before the
 * matcher reads them: a matcher stopped for longer than the period, and `rebuild matcher` after it.
 * It must say so, count them and go on: never refuse for ever, never skip without a word.
 */
describe('agency events that expired before the matcher read them', () => {
  let runtime: Runtime;
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  // A nickname and a birth year one out: likely the cohort member, not certain, so a review.
  const uncertain: PoliceIncident = { ...policeEventFor(oneFamilyRows[0], 'ASP-EXPIRE-REVIEW'), people: [{ role: 'victim', givenName: 'Rhi', familyName: 'Quillfeather', dateOfBirth: '1992-02-03' }] };
  const linked = policeEventFor(oneFamilyRows[0], 'ASP-EXPIRE-LINKED');
  const unread = [1, 2, 3].map((n) => ({ ...policeEventFor(oneFamilyRows[0], `ASP-EXPIRE-UNREAD-${n}`), address: { line1: `${n} Nowhere Lane`, postcode: 'TR21 0PW' }, people: [] }));
  const policeHeld = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(runtime.topics.police)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const police = async () => (await reconcile(runtime)).topics.find((row) => row.topic === runtime.topics.police);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await publishEvents(runtime, 'police', [uncertain, linked], (e) => e.eventId);
    await catchUp(runtime);
    // The matcher is stopped: these arrive and nobody reads them before they expire.
    await publishEvents(runtime, 'police', unread, (e) => e.eventId);
    expect(await police()).toMatchObject({ messages: 5, linked: 1, inReview: 1, pending: 3, expired: 0 });
  }, 90_000);
  afterAll(async () => disposeRuntime(runtime));

  it('while the agency topic holds the event, the reviewer reads who the person is from it; the request itself names nobody', async () => {
    const [open] = await listReviews(runtime.db);
    const { request } = await getReview(runtime.db, open.reviewId);
    expect(request.person).toEqual({ role: 'victim' });
    expect(await personAsRecorded(runtime, request)).toEqual({ kind: 'held', person: { givenName: 'Rhi', familyName: 'Quillfeather', dateOfBirth: '1992-02-03' } });
  }, 60_000);

  describe('once the period is over (seconds on this test’s topic)', () => {
    beforeAll(async () => {
      const admin = runtime.kafka.admin();
      await admin.connect();
      try {
        await setTopicSettings(admin, new Map([[runtime.topics.police, { 'retention.ms': '1000', 'segment.ms': '1000' }]]));
      } finally {
        await admin.disconnect();
      }
      // Deleted at the broker's next retention check (every 20 s on the stack's own broker).
      const deadline = Date.now() + 420_000;
      while ((await policeHeld()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await policeHeld()).toBe(0);
    }, 480_000);

    it('the reviewer is told the agency record has passed its period', async () => {
      const [open] = await listReviews(runtime.db);
      expect(await personAsRecorded(runtime, (await getReview(runtime.db, open.reviewId)).request)).toEqual({ kind: 'expired' });
    }, 60_000);

    it('a matcher stopped for longer than the period starts, records the expired events as a gap, and the topic reconciles', async () => {
      await catchUp(runtime, ['matcher']);
      expect(await police()).toMatchObject({ messages: 5, linked: 1, inReview: 1, expired: 3, pending: 0, exceeded: 0 });
      expect(await runtime.db('consumer_gaps').where({ consumer: 'matcher', topic: runtime.topics.police }).sum({ n: runtime.db.raw('to_offset - from_offset') })).toEqual([{ n: '3' }]);
      const status = await run('status');
      expect(status.stdout).toMatch(new RegExp(`${runtime.topics.police.replace(/\./g, '\\.')}.*linked\\s+1\\s.*expired unread\\s+3\\s+pending\\s+0`));
    }, 120_000);

    it('`rebuild matcher` after the period: every message is accounted as expired unread, none pending, no link published twice', async () => {
      const matchesBefore = await runtime.db('matcher_links').count({ n: '*' });
      const rebuilt = await run('rebuild', 'matcher');
      expect(rebuilt.stderr).not.toMatch(/live-risk:/);
      expect(rebuilt.code).toBe(0);
      expect(await police()).toMatchObject({ messages: 5, linked: 0, inReview: 0, expired: 5, pending: 0, exceeded: 0 });
      expect((await reconcile(runtime)).reconciled).toBe(true);
      expect(await runtime.db('matcher_links').count({ n: '*' })).toEqual(matchesBefore);
    }, 180_000);
  });
});
