import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueApiKey, startIngestServer, type RunningIngestServer } from '../services/ingest';
import { loadFhirMapping } from '../services/ingest/fhir';
import type { Runtime } from '../services/platform/runtime';
import { ingestRequest, multipartBody, throwAwayCertificate } from './support/ingest-client';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

const examples = join(__dirname, '..', 'services', 'ingest');
const policeMapping = readFileSync(join(examples, 'extracts', 'examples', 'police-mapping.json'), 'utf8');
const policeExtract = readFileSync(join(examples, 'extracts', 'examples', 'police-extract.csv'), 'utf8');
const bundle = JSON.parse(readFileSync(join(examples, 'fhir', 'examples', 'bundle.json'), 'utf8')) as { entry: Array<{ resource: Record<string, unknown> }> };

type Report = { rows?: number; accepted?: number; published: number; replayed: number; rejected?: number; refused?: number; reasons?: Array<{ message: string; lines: number[] }>; results?: Array<{ status: string; problems?: Array<{ message: string }> }> };

describe('CSV extracts and FHIR Bundles through the ingest API', () => {
  let runtime: Runtime;
  let server: RunningIngestServer;
  let keys: { police: string; health: string };
  const tls = throwAwayCertificate();

  async function messagesOn(topic: string): Promise<number> {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }
  const postExtract = (csv: string, query = '', apiKey = keys.police, mapping = policeMapping) => {
    const { contentType, body } = multipartBody([
      { name: 'mapping', filename: 'police-mapping.json', contentType: 'application/json', content: mapping },
      { name: 'extract', filename: 'extract.csv', contentType: 'text/csv', content: csv },
    ]);
    return ingestRequest(server.url, tls.cert, 'POST', `/v1/extracts${query}`, { apiKey, rawBody: body, contentType });
  };
  const postBundle = (document: unknown, query = '', apiKey = keys.health) =>
    ingestRequest(server.url, tls.cert, 'POST', `/v1/fhir${query}`, { apiKey, rawBody: JSON.stringify(document), contentType: 'application/fhir+json' });

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    keys = { police: (await issueApiKey(runtime.db, 'police')).apiKey, health: (await issueApiKey(runtime.db, 'health')).apiKey };
    const fhirMapping = loadFhirMapping(join(examples, 'fhir', 'examples', 'fhir-mapping.json'));
    server = await startIngestServer(runtime, { listen: { host: '127.0.0.1', port: 0 }, tls, rateLimit: 1000, maxBatch: 100, maxBodyBytes: 256 * 1024, maxExtractBytes: 64 * 1024, fhirMapping });
  });
  afterAll(async () => {
    await server?.close();
    await disposeRuntime(runtime);
  });

  it('publishes a police extract once, however often it is uploaded', async () => {
    const first = await postExtract(policeExtract);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ rows: 4, accepted: 4, rejected: 0, published: 4, replayed: 0 });
    const again = await postExtract(policeExtract);
    expect(again.body).toMatchObject({ rows: 4, published: 0, replayed: 4 });
    expect(await messagesOn(runtime.topics.police)).toBe(4);
  });

  it('refuses an extract with a bad row, naming the line and the code, and publishes the good rows only when asked', async () => {
    const before = await messagesOn(runtime.topics.police);
    const lines = policeExtract.trimEnd().split('\n');
    const renamed = lines.slice(1).map((line) => line.replace(/^WYP-2026-0329-/, 'WYP-2026-0330-'));
    const bad = [lines[0], renamed[0], renamed[1].replace(',MISPER,', ',SHOPLIFT,'), renamed[2]].join('\n') + '\n';
    const refused = await postExtract(bad);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const report = (refused.body as { report: Report }).report;
    expect(report).toMatchObject({ rows: 3, rejected: 1, published: 0 });
    expect(report.reasons?.[0]).toMatchObject({ lines: [3], message: expect.stringContaining('"SHOPLIFT"') });
    expect(await messagesOn(runtime.topics.police)).toBe(before);

    const partial = await postExtract(bad, '?partial=true');
    expect(partial.status).toBe(202);
    expect(partial.body).toMatchObject({ rows: 3, rejected: 1, published: 2 });
    expect(await messagesOn(runtime.topics.police)).toBe(before + 2);
  });

  it('refuses an extract whose mapping is another agency’s with 403, and a body over the limit with 413', async () => {
    expect((await postExtract(policeExtract, '', keys.health)).status).toBe(403);
    const huge = await postExtract(policeExtract + 'x'.repeat(70 * 1024));
    expect(huge.status).toBe(413);
  });

  it('publishes the Encounters of a FHIR Bundle as health contacts once, and refuses an unmapped code by name', async () => {
    const first = await postBundle(bundle);
    expect(first.status).toBe(202);
    const accepted = first.body as Report;
    expect(accepted.published).toBeGreaterThan(0);
    expect(await messagesOn(runtime.topics.health)).toBe(accepted.published);
    expect(((await postBundle(bundle)).body as Report).replayed).toBe(accepted.published);
    expect(await messagesOn(runtime.topics.health)).toBe(accepted.published);

    const unmapped = JSON.parse(JSON.stringify(bundle).replace(/"SELF-HARM"/g, '"GARDENING"')) as typeof bundle;
    if (JSON.stringify(unmapped) === JSON.stringify(bundle)) throw new Error('the example Bundle has no SELF-HARM code to replace');
    const refused = await postBundle(unmapped);
    expect(refused.status).toBe(422);
    const results = (refused.body as { report: Report }).report.results ?? [];
    expect(results.some((r) => r.status === 'refused' && r.problems?.some((p) => p.message.includes('GARDENING')))).toBe(true);
    expect((await postBundle(bundle, '', keys.police)).status).toBe(403);
  });
});
