import { catchUp, followConsumers } from '../pipelines/consumers';
import { openAnalystRuntime, verifyReplay } from '../services/analyst';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { resetConsumer } from '../services/consumers';
import { pipelineStatus } from '../services/consumers/status';
import { waitForConsumers } from '../services/consumers/progress';
import { topicDefinitions, topicConfig } from '../services/contracts';
import type { LiveRiskError } from '../services/platform/errors';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';
import { within } from './support/within';

/**
 * Issue 12: a topic deleted and recreated (a cluster replaced or restored, an operator's mistake)
 * while PostgreSQL keeps its offsets. New events then sit at offsets the consumers believe they have
 * read. Before, the matcher read 11 of 60 and `status` printed negative counts; now every consumer
 * refuses to read, says which topic, partition, stored and available offsets, and how to recover,
 * and nothing is skipped. All data is synthetic.
 */
/** What an operator's mistake or a restored cluster does: the topic goes, and an empty one of the same name comes. */
async function recreateTopic(runtime: Runtime, topic: string, partitions: number): Promise<void> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
    // Deletion is asynchronous on the broker: create again once it is really gone.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: [...topicConfig] }], waitForLeaders: true });
        return;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

describe('stored offsets that no longer describe their topic', () => {
  let runtime: Runtime;
  const police = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => policeEventFor(oneFamilyRows[0], `ASP-RECREATE-${from + index}`));

  const recreatePoliceTopic = () => recreateTopic(runtime, runtime.topics.police, topicDefinitions.police.partitions);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: LiveRiskError) => error);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await publishEvents(runtime, 'police', police(1, 30), (e) => e.eventId);
    await catchUp(runtime);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('refuses to read a recreated topic holding fewer messages than were read, naming topic, partition and both offsets', async () => {
    await recreatePoliceTopic();
    await publishEvents(runtime, 'police', police(101, 3), (e) => e.eventId);

    const refused = await refusal(catchUp(runtime, ['matcher']));
    expect(refused).toMatchObject({ code: 'OFFSETS_INVALID' });
    expect(refused?.message).toMatch(new RegExp(`consumer matcher refuses to read: its stored offsets no longer describe the topics it reads:\\n  ${runtime.topics.police.replace(/\./g, '\\.')} partition \\d: stored next offset \\d+, and it holds (no messages|offsets 0 to \\d+): the partition ends at \\d+`));
    expect(refused?.hint).toMatch(/live-risk rebuild matcher/);
    expect(await runtime.db('matcher_ledger').count({ n: '*' })).toEqual([{ n: '30' }]);
  });

  it('refuses it too once the new topic holds more messages than were read, by the broker’s timestamps', async () => {
    await publishEvents(runtime, 'police', police(201, 60), (e) => e.eventId);
    const refused = await refusal(catchUp(runtime, ['matcher']));
    expect(refused).toMatchObject({ code: 'OFFSETS_INVALID' });
    expect(refused?.message).toMatch(/the topic was deleted and recreated|the partition ends at/);
    expect(await runtime.db('matcher_ledger').count({ n: '*' })).toEqual([{ n: '30' }]);
  });

  it('makes status say so, with no negative count, and makes reads stop at once instead of waiting', async () => {
    const status = await pipelineStatus(runtime);
    expect(status.offsetsInvalid).toBe(true);
    expect(status.reconciled).toBe(false);
    expect(status.consumers.find((consumer) => consumer.consumer === 'matcher')?.problems.length).toBeGreaterThan(0);
    for (const row of status.agencyTopics) {
      expect(row.pending).toBeGreaterThanOrEqual(0);
      expect(row.exceeded).toBeGreaterThanOrEqual(0);
    }
    const started = Date.now();
    await expect(waitForConsumers(runtime, ['matches'], { timeoutMs: 60_000, upstream: true })).rejects.toMatchObject({ code: 'OFFSETS_INVALID' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('stops a running consumer rather than letting it read on past a recreated topic', async () => {
    const stop = new AbortController();
    const following = refusal(followConsumers(runtime, ['matcher'], { signal: stop.signal }));
    const outcome = await within(following, 60_000, 'still running');
    stop.abort();
    expect(outcome).toMatchObject({ code: 'OFFSETS_INVALID' });
    expect(await runtime.db('matcher_ledger').count({ n: '*' })).toEqual([{ n: '30' }]);
  });

  it('reads the new topic from its start once the matcher is rebuilt, and then every message is accounted for', async () => {
    await resetConsumer(runtime.db, 'matcher');
    await catchUp(runtime);
    const status = await pipelineStatus(runtime);
    const policeRow = status.agencyTopics.find((row) => row.topic === runtime.topics.police);
    expect(policeRow).toMatchObject({ messages: 63, pending: 0, exceeded: 0 });
    expect((policeRow?.linked ?? 0) + (policeRow?.unlinked ?? 0) + (policeRow?.inReview ?? 0) + (policeRow?.deadLettered ?? 0)).toBe(63);
    expect(status.offsetsInvalid).toBe(false);
    expect(status.reconciled).toBe(true);
  });

  it('makes replay --verify refuse at once, saying why, when a projection’s topic was recreated', async () => {
    await recreateTopic(runtime, runtime.topics.matches, topicDefinitions.matches.partitions);
    const analyst = await openAnalystRuntime(runtime.config);
    try {
      const started = Date.now();
      const refused = await refusal(verifyReplay(analyst, { keep: false, limit: 5, pseudonymiser: null, onProgress: () => undefined }));
      expect(refused).toMatchObject({ code: 'OFFSETS_INVALID' });
      expect(refused?.message).toMatch(/consumer matches refuses to read/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await analyst.close();
    }
  });
});

describe('a topic recreated under a running consumer', () => {
  let runtime: Runtime;
  const police = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => policeEventFor(oneFamilyRows[0], `ASP-UNDER-${from + index}`));

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('stops the consumer instead of reading the new messages past its old offsets', async () => {
    const stop = new AbortController();
    const following = followConsumers(runtime, ['matcher'], { signal: stop.signal }).then(() => 'stopped by the test', (error: LiveRiskError) => error);
    try {
      await publishEvents(runtime, 'police', police(1, 30), (e) => e.eventId);
      await waitForConsumers(runtime, ['matcher'], { timeoutMs: 60_000 });
      await recreateTopic(runtime, runtime.topics.police, topicDefinitions.police.partitions);
      // More than the consumer had read on every partition: offsets alone would not show it.
      await publishEvents(runtime, 'police', police(101, 90), (e) => e.eventId);
      const outcome = await within(following, 90_000, 'still running after 90 s');
      expect(outcome).toMatchObject({ code: 'OFFSETS_INVALID' });
      expect(await runtime.db('matcher_ledger').count({ n: '*' })).toEqual([{ n: '30' }]);
    } finally {
      stop.abort();
      await following;
    }
  });
});

