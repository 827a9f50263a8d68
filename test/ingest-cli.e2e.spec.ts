import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const examples = join(__dirname, '..', 'services', 'ingest', 'extracts', 'examples');
type Result = { code: number; stdout: string; stderr: string };

describe('live-risk ingest, through the command', () => {
  let runtime: Runtime;
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-ingest-e2e-'));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: { ...environmentFor(runtime.config), ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
  });
  afterAll(async () => disposeRuntime(runtime));

  it('issues a key shown once, lists keys without their secrets, and revokes one', async () => {
    const added = await run(['ingest', 'key', 'add', '--agency', 'housing', '--label', 'Example Homes nightly']);
    expect(added.code).toBe(0);
    const apiKey = added.stdout.trim();
    expect(apiKey).toMatch(/^lrk_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    const keyId = apiKey.slice(4, 20);
    const listed = await run(['ingest', 'key', 'list']);
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).toContain('Example Homes nightly');
    expect(listed.stdout + listed.stderr).not.toContain(apiKey.slice(21));
    expect((await run(['ingest', 'key', 'revoke', keyId])).code).toBe(0);
    expect((await run(['ingest', 'key', 'list'])).stdout).toMatch(new RegExp(`${keyId}.*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s*$`, 'm'));
    const unknown = await run(['ingest', 'key', 'add', '--agency', 'fire-brigade']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown agency "fire-brigade"[\s\S]*what to do: use one of: police, housing, health/);
  });

  it('publishes an extract once however often it is run, and refuses a file with a bad row by line unless --accept-partial', async () => {
    const mapping = join(examples, 'housing-mapping.json');
    const extract = join(examples, 'housing-extract.csv');
    const first = await run(['ingest', 'csv', '--agency', 'housing', '--mapping', mapping, extract, '--format', 'json']);
    expect(first.code).toBe(0);
    const published = (JSON.parse(first.stdout) as { published: number; rows: number });
    expect(published.published).toBe(published.rows);
    const again = await run(['ingest', 'csv', '--agency', 'housing', '--mapping', mapping, extract, '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: 0, replayed: published.rows });

    const [header, ...rows] = readFileSync(extract, 'utf8').trimEnd().split('\n');
    const codeColumn = (JSON.parse(readFileSync(mapping, 'utf8')) as { category: { column: string } }).category.column;
    const at = header.split(',').indexOf(codeColumn);
    const renamed = rows.map((row) => row.replace(/^([^,]*)/, '$1-B'));
    const broken = renamed[0].split(',');
    broken[at] = 'NOT-A-CODE';
    writeFileSync(join(dir, 'bad.csv'), [header, broken.join(','), ...renamed.slice(1)].join('\n') + '\n');
    const refused = await run(['ingest', 'csv', '--agency', 'housing', '--mapping', mapping, join(dir, 'bad.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/"NOT-A-CODE".*line 2/);
    expect(refused.stdout).toMatch(/nothing was published/);
    const partial = await run(['ingest', 'csv', '--agency', 'housing', '--mapping', mapping, join(dir, 'bad.csv'), '--accept-partial', '--format', 'json']);
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.stdout)).toMatchObject({ rejected: 1, published: rows.length - 1 });
  });

  it('refuses to serve plain HTTP off loopback, and a mapping of another agency', async () => {
    const served = await run(['ingest', 'serve', '--listen', '0.0.0.0:0', '--ops-listen', 'off']);
    expect(served.code).toBe(2);
    expect(served.stderr).toMatch(/refusing plain HTTP on 0\.0\.0\.0[\s\S]*INGEST_TLS_CERT_FILE/);
    const halfTls = await run(['ingest', 'serve'], { INGEST_TLS_CERT_FILE: '/tmp/cert.pem' });
    expect(halfTls.code).toBe(2);
    expect(halfTls.stderr).toMatch(/INGEST_TLS_KEY_FILE: set both/);
    const wrong = await run(['ingest', 'csv', '--agency', 'police', '--mapping', join(examples, 'housing-mapping.json'), join(examples, 'housing-extract.csv')]);
    expect(wrong.code).toBe(2);
  });
});
