import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, catchUpOrder, followConsumers } from '../pipelines/consumers';
import { waitForConsumers } from '../services/consumers/progress';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { reviewEvent } from '../services/contracts';
import { decodeMessage } from '../services/platform/decode-message';
import { publishEvents } from '../services/platform/publish';
import { readRanges } from '../services/platform/topic-range';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('the review queue, with the consumers running as in production', () => {
  let runtime: Runtime;
  const consumers = new AbortController();
  let following: Promise<void> | undefined;
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const openReviews = async () => JSON.parse((await run('review', 'list', '--format', 'json')).stdout) as Array<{ reviewId: string; memberId: string }>;
  // A nickname and a birth year one out: likely the cohort member, not certain.
  const uncertain = (eventId: string) => {
    const event = policeEventFor(oneFamilyRows[0], eventId);
    return { ...event, people: [{ role: 'victim' as const, givenName: 'Rhi', familyName: 'Quillfeather', dateOfBirth: '1992-02-03' }] };
  };

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await publishEvents(runtime, 'police', [uncertain('ASP-REVIEW-1'), uncertain('ASP-REVIEW-2')], (e) => e.eventId);
    await catchUp(runtime);
    following = followConsumers(runtime, catchUpOrder, { signal: consumers.signal });
  });
  afterAll(async () => {
    consumers.abort();
    await following;
    await disposeRuntime(runtime);
  });

  it('holds an uncertain person for review instead of linking, and accounts for the message', async () => {
    expect(await runtime.db('matches').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect((await openReviews()).map((review) => review.memberId)).toEqual(['F-TEST-1-M1', 'F-TEST-1-M1']);
    const status = await run('status', '--format', 'json');
    expect(JSON.parse(status.stdout).agencyTopics[0]).toEqual(expect.objectContaining({ inReview: 2, pending: 0 }));
  });

  it('names nobody in the review requests, on reviews.v1 (kept for ever) or in the reviews table: only the role', async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    const partitions = await admin.fetchTopicOffsets(runtime.topics.reviews).finally(() => admin.disconnect());
    const values: Buffer[] = [];
    const ranges = partitions.map((p) => ({ topic: runtime.topics.reviews, partition: p.partition, from: BigInt(p.low), to: BigInt(p.high) }));
    await readRanges(runtime.kafka, ranges, async (batch) => void values.push(...batch.map((m) => m.value ?? Buffer.alloc(0))), runtime.config.topicPrefix);
    expect(values).toHaveLength(2);
    // On the topic the request's personal fields travel sealed with the family's key: opened, the person is only a role.
    const opened = await Promise.all(values.map((value) => decodeMessage(value, runtime.topics.reviews, reviewEvent, runtime.deserializer)));
    expect(opened.map((decoded) => (decoded.ok && decoded.event.type === 'review.requested' ? decoded.event.person : decoded))).toEqual([{ role: 'victim' }, { role: 'victim' }]);
    const stored = JSON.stringify(await runtime.db('reviews').pluck('request'));
    expect(stored).toContain('"person":{"role":"victim"}');
    for (const held of [values.map((value) => value.toString('latin1')).join('\n'), stored]) expect(held).not.toMatch(/Rhi|Quillfeather|1992-02-03/);
  });

  it('shows the reviewer what each comparison added', async () => {
    const [first] = await openReviews();
    const shown = await run('review', 'show', first.reviewId);
    expect(shown.stdout).toMatch(/Person in the event: victim Rhi Quillfeather, born 1992-02-03/);
    expect(shown.stdout).toMatch(/date of birth\s+year-off-by-one\s+\d/);
  });

  it('turns a confirmation into a link that carries the reviewer, and a rejection (with its reason) into nothing', async () => {
    const [first, second] = await openReviews();
    expect((await run('review', 'reject', second.reviewId)).code).toBe(2);
    expect((await run('review', 'confirm', first.reviewId, '--by', 'Sam Reviewer')).stdout).toMatch(/confirmed by Sam Reviewer/);
    expect((await run('review', 'reject', second.reviewId, '--reason', 'different person: the agency confirmed another date of birth')).code).toBe(0);
    await waitForConsumers(runtime, ['matches'], { timeoutMs: 60_000, upstream: true });
    const matches = await runtime.db('matches').select('family_id', 'payload');
    expect(matches).toHaveLength(1);
    expect(matches[0].payload.explanation).toMatch(/confirmed by Sam Reviewer on review/);
    expect(await openReviews()).toEqual([]);
    const again = await run('review', 'confirm', first.reviewId);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already confirmed/);
  });

  it('refuses to rebuild a consumer while it runs, then replays to the same decisions once it is stopped', async () => {
    await waitForConsumers(runtime, ['reviews'], { timeoutMs: 60_000 });
    const before = await runtime.db('reviews').orderBy('review_id').select('review_id', 'status', 'decision');
    const refused = await run('rebuild', 'reviews');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/reviews is running in another process/);
    consumers.abort();
    await following;
    expect((await run('rebuild', 'reviews')).code).toBe(0);
    expect(await runtime.db('reviews').orderBy('review_id').select('review_id', 'status', 'decision')).toEqual(before);
  });
});
