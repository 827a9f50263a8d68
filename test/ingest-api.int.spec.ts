import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { HealthContact, PoliceIncident } from '../services/contracts';
import { IngestMetrics, issueApiKey, openApiFile, revokeApiKey, startIngestServer, type RunningIngestServer } from '../services/ingest';
import { eventContentSha256 } from '../services/platform/event-ids';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { ingestRequest, throwAwayCertificate } from './support/ingest-client';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

type Problem = { type: string; title: string; status: number; detail: string; errors?: Array<{ pointer: string; detail: string }>; results?: Array<{ index: number; status: string }> };

describe('the HTTPS ingest API on the real stack', () => {
  let runtime: Runtime;
  let server: RunningIngestServer;
  let policeKey: string;
  const tls = throwAwayCertificate();
  const registry = new Registry();
  const metrics = new IngestMetrics(registry);
  const row = oneFamilyRows[0];
  const post = (path: string, body: unknown, apiKey: string | null = policeKey, url = server.url) => ingestRequest(url, tls.cert, 'POST', path, { apiKey: apiKey ?? undefined, body });

  /** Messages on the police topic, from its offsets: what Kafka holds, whatever any consumer did. */
  async function policeMessages(): Promise<number> {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(runtime.topics.police);
      return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    policeKey = (await issueApiKey(runtime.db, 'police', 'test')).apiKey;
    server = await startIngestServer(runtime, { listen: { host: '127.0.0.1', port: 0 }, tls, rateLimit: 1000, maxBatch: 100, maxBodyBytes: 256 * 1024, metrics });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => {
    await server?.close();
    await disposeRuntime(runtime);
  });

  it('publishes an accepted event to the police topic once, a retry answers as the first time, and the matcher links it like any other', async () => {
    const event = policeEventFor(row, 'API-1');
    const first = await post('/v1/events', event);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ eventId: 'API-1', status: 'accepted', acceptedAt: expect.any(String) });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Keys in another order are the same content.
    const retry = await post('/v1/events', Object.fromEntries(Object.entries(event).reverse()));
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await policeMessages()).toBe(1);

    await catchUp(runtime);
    const matches = await runtime.db('matches').where('agency', 'police').select('family_id', runtime.db.raw(`payload->'event'->>'agencyEventId' as event_id`));
    expect(matches).toEqual([{ family_id: row.familyId, event_id: 'API-1' }]);
  });

  it('refuses the same eventId with other content as a 409 problem and publishes nothing', async () => {
    const before = await policeMessages();
    const changed: PoliceIncident = { ...policeEventFor(row, 'API-1'), category: 'ARREST' };
    const answer = await post('/v1/events', changed);
    expect(answer.status).toBe(409);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: '/problems/eventid-conflict', status: 409, title: expect.any(String), detail: expect.stringContaining('API-1') });
    expect(await policeMessages()).toBe(before);
  });

  it('answers an invalid event with field-level problem details, JSON pointers into the body, and publishes nothing', async () => {
    const before = await policeMessages();
    const event = policeEventFor(row, 'API-BAD');
    const invalid = { ...event, category: 'SHOPLIFTING', people: [{ ...event.people[0], givenName: '' }], colour: 'blue' };
    const answer = await post('/v1/events', invalid);
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = answer.body as Problem;
    expect(problem).toMatchObject({ type: '/problems/invalid-event', title: expect.any(String), status: 422, detail: expect.any(String) });
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(['/category', '/colour', '/people/0/givenName']);
    expect(await policeMessages()).toBe(before);
  });

  it('publishes a batch all or nothing: one invalid event refuses the batch with pointers starting at its index', async () => {
    const before = await policeMessages();
    const batch = [policeEventFor(row, 'B-1'), { ...policeEventFor(row, 'B-2'), occurredAt: 'yesterday' }, policeEventFor(row, 'B-3')];
    const refused = await post('/v1/events:batch', batch);
    expect(refused.status).toBe(422);
    expect((refused.body as Problem).errors?.map((e) => e.pointer)).toEqual(['/1/occurredAt']);
    expect((refused.body as Problem).results?.map((r) => r.status)).toEqual(['withheld', 'invalid', 'withheld']);
    expect(await policeMessages()).toBe(before);

    const accepted = await post('/v1/events:batch', [batch[0], batch[2]]);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ accepted: 2, conflicts: 0, invalid: 0, withheld: 0 });
    expect(await policeMessages()).toBe(before + 2);
    const again = await post('/v1/events:batch', [batch[0], batch[2]]);
    expect((again.body as { results: Array<{ replayed: boolean }> }).results.map((r) => r.replayed)).toEqual([true, true]);
    expect(await policeMessages()).toBe(before + 2);

    const twice = await post('/v1/events:batch', [policeEventFor(row, 'B-5'), policeEventFor(row, 'B-5')]);
    expect((twice.body as { results: Array<{ status: string; replayed: boolean }> }).results).toEqual([
      expect.objectContaining({ status: 'accepted', replayed: false }),
      expect.objectContaining({ status: 'accepted', replayed: true }),
    ]);
    expect(await policeMessages()).toBe(before + 3);

    const conflicting = await post('/v1/events:batch', [policeEventFor(row, 'B-4'), { ...batch[0], category: 'ARREST' }]);
    expect(conflicting.status).toBe(409);
    expect((conflicting.body as Problem).results?.map((r) => r.status)).toEqual(['withheld', 'conflict']);
    expect(await policeMessages()).toBe(before + 3);
    // Withheld is not attempted: a later send of B-4 is a first publication, not a retry after a crash.
    expect(await runtime.db('ingest_events').where({ event_id: 'B-4' }).first('attempts', 'published_at')).toEqual({ attempts: 0, published_at: null });
  });

  it('publishes an event once when the same request arrives many times at once', async () => {
    const before = await policeMessages();
    const event = policeEventFor(row, 'API-CONCURRENT');
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/v1/events', event)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await policeMessages()).toBe(before + 1);
  });

  it('publishes again, knowingly, an event whose earlier publication was never confirmed (a crash after Kafka’s ack)', async () => {
    const before = await policeMessages();
    const event = policeEventFor(row, 'API-CRASHED');
    // What a crash between Kafka's acknowledgement and the commit leaves behind: an attempt, no published_at.
    const keyId = policeKey.slice(4, 20);
    await runtime.db('ingest_events').insert({ agency: 'police', event_id: 'API-CRASHED', content_sha256: eventContentSha256(event), key_id: keyId, attempts: 1 });
    const answer = await post('/v1/events', event);
    expect(answer.status).toBe(202);
    expect(await policeMessages()).toBe(before + 1);
    expect(await registry.getSingleMetricAsString('live_risk_ingest_republished_total')).toContain('live_risk_ingest_republished_total{agency="police"} 1');
    expect(await runtime.db('ingest_events').where({ event_id: 'API-CRASHED' }).first('attempts')).toEqual({ attempts: 2 });
  });

  it('refuses a body over the limit with 413 and a batch over the limit with 413', async () => {
    const huge = { ...policeEventFor(row, 'API-HUGE'), summary: 'x'.repeat(300 * 1024) };
    const tooLarge = await post('/v1/events', huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ type: '/problems/body-too-large', status: 413 });
    const tooMany = await post('/v1/events:batch', Array.from({ length: 101 }, (_, i) => policeEventFor(row, `MANY-${i}`)));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ type: '/problems/batch-too-large', status: 413 });
  });

  it('refuses a missing, wrong or revoked key with 401, and another agency’s topic with 403', async () => {
    const event = policeEventFor(row, 'API-AUTH');
    const missing = await post('/v1/events', event, null);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    const wrong = policeKey.slice(0, -1) + (policeKey.endsWith('A') ? 'B' : 'A');
    expect((await post('/v1/events', event, wrong)).status).toBe(401);
    const revoked = await issueApiKey(runtime.db, 'police', 'to revoke');
    expect((await post('/v1/events', policeEventFor(row, 'API-REVOKED-BEFORE'), revoked.apiKey)).status).toBe(202);
    await revokeApiKey(runtime.db, revoked.keyId);
    expect((await post('/v1/events', event, revoked.apiKey)).status).toBe(401);

    const before = await policeMessages();
    const health: HealthContact = { ...policeEventFor(row, 'API-HEALTH'), type: 'health.contact', category: 'SELF_HARM' };
    const forbidden = await post('/v1/events', health);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ type: '/problems/forbidden-topic', status: 403 });
    const healthKey = (await issueApiKey(runtime.db, 'health')).apiKey;
    expect((await post('/v1/events', event, healthKey)).status).toBe(403);
    expect(await policeMessages()).toBe(before);
  });

  it('answers 429 with Retry-After once an agency is over its rate limit, while other agencies go on', async () => {
    const limited = await startIngestServer(runtime, { listen: { host: '127.0.0.1', port: 0 }, tls, rateLimit: 2, maxBatch: 10, maxBodyBytes: 64 * 1024 });
    try {
      const housingKey = (await issueApiKey(runtime.db, 'housing')).apiKey;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post('/v1/events', policeEventFor(row, 'API-1'), policeKey, limited.url)).status);
      expect(statuses).toEqual([202, 202, 429]);
      const refused = await post('/v1/events:batch', [policeEventFor(row, 'API-1')], policeKey, limited.url);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      expect((await post('/v1/events', {}, housingKey, limited.url)).status).toBe(422);
    } finally {
      await limited.close();
    }
  });

  it('serves the OpenAPI document committed in schemas/', async () => {
    const served = await ingestRequest(server.url, tls.cert, 'GET', '/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(readFileSync(join(__dirname, '..', 'schemas', openApiFile), 'utf8')));
    expect(served.body).toMatchObject({ openapi: '3.1.0', paths: { '/v1/events': expect.any(Object), '/v1/events:batch': expect.any(Object) } });
  });
});
