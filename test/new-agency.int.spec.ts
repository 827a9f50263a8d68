import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { davisFamilyId, generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { createVersionResolver } from '../services/analyst/versions';
import { reproduceStoredDigest } from '../services/analyst/as-of';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf, type AgencyEvent, type DigestIssued } from '../services/contracts';
import { runDigestJob } from '../services/digest/digest-job';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy, parseArchivedPolicy, policiesDirectory, type Policy } from '../services/policy';
import { builtInRuleSetFile, loadRuleSet, parseArchivedRuleSet, ruleSetsDirectory, type RuleSet } from '../services/risk';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * Schools joined in rules and policy 2026.2. A digest issued the day before, under 2026.1 (which
 * knows nothing of schools), must still be reproduced exactly by today's code, from what the digest
 * job recorded and, failing that, from the released files; and the day after, a school's concern
 * about the Davis children's home reaches the lead practitioner beside the police and housing
 * reports. All data is synthetic.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };
const released = <T>(directory: string, parse: (json: unknown, source: string) => T): T => {
  const file = join(directory, 'released', '2026.1.json');
  return parse(JSON.parse(readFileSync(file, 'utf8')), file);
};

describe('a digest issued before schools joined', () => {
  let runtime: Runtime;
  let dir: string;
  const council = generateCouncil({ families: 16, seed: 5 });
  const [before, after] = ['2026-03-28', '2026-03-29'];
  const rules2026_1 = released<RuleSet>(ruleSetsDirectory, parseArchivedRuleSet);
  const policy2026_1 = released<Policy>(policiesDirectory, parseArchivedPolicy);
  let issuedBefore: DigestIssued[];
  let issuedAfter: DigestIssued[];
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: join(dir, 'pseudonym.key') } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const publishAgency = async (events: readonly AgencyEvent[]) => {
    for (const agency of agencies) await publishEvents(runtime, agency, events.filter((e) => agencyOf(e) === agency), (e) => e.eventId);
  };
  const issue = async (date: string, rules: RuleSet, policy: Policy) => {
    const cutOff = new Date();
    await catchUp(runtime, digestInputs);
    const result = await runDigestJob(runtime, { date, rules, policy, now: () => cutOff });
    await catchUp(runtime, ['digests']);
    return result.issued;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-risk-new-agency-'));
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    // Before: no school published anything (they had not joined), and 2026.1 was in force.
    const firstDay = generateAgencyEvents(council, { date: before, seed: 5 }).events.filter((e) => e.agency !== 'education');
    await publishAgency(firstDay.map((e) => e.event));
    issuedBefore = await issue(before, rules2026_1, policy2026_1);
    // After: schools publish, and today's rules (2026.2) and policy are in force.
    await publishAgency(generateAgencyEvents(council, { date: after, seed: 5 }).events.map((e) => e.event));
    issuedAfter = await issue(after, loadRuleSet(), loadPolicy());
  });
  afterAll(async () => disposeRuntime(runtime));

  it('was issued under 2026.1 and the next day under the rules and policy in force today', () => {
    expect(issuedBefore.length).toBeGreaterThan(0);
    expect(issuedBefore.map((d) => [d.ruleSetVersion, d.policyVersion])).toEqual(issuedBefore.map(() => ['2026.1', '2026.1']));
    expect(issuedAfter.map((d) => [d.ruleSetVersion, d.policyVersion])).toEqual(issuedAfter.map(() => ['2026.3', loadPolicy().version]));
    expect(issuedBefore.flatMap((d) => d.families.flatMap((f) => f.items)).some((item) => item.agency === 'education')).toBe(false);
  });

  it('shows the school’s concern the day after, in the digest and in the wider picture', () => {
    const davis = issuedAfter.flatMap((d) => d.families).find((family) => family.familyId === davisFamilyId);
    const school = davis?.items.find((item) => item.agency === 'education');
    expect(school).toEqual(
      expect.objectContaining({
        organisation: 'Larkspur Primary School',
        category: 'WELLBEING_CONCERN',
        categoryLabel: "Concern for a pupil's wellbeing or behaviour",
        riskLevel: 'low',
        ratedBecause: 'Education rate "Concern for a pupil\'s wellbeing or behaviour" as low risk',
        disclosure: { level: 'summary', basis: 'consent' },
      }),
    );
    expect(school).not.toHaveProperty('summary');
    expect(davis?.findings.map((finding) => finding.text)).toContainEqual(expect.stringMatching(/: education, housing and police within 7 days$/));
  });

  it('digest --as-of reproduces it exactly with the rules and policy recorded that day, as today’s code reads them', async () => {
    const result = await run('digest', '--as-of', before, '--check');
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^reproduced exactly: \d+ families, \d+ items, rules 2026\.1, policy 2026\.1 /m);
    const resolver = createVersionResolver(runtime.db);
    for (const stored of issuedBefore) {
      const reproduction = await reproduceStoredDigest(runtime.db, resolver, stored);
      expect(reproduction.reproduced).toEqual(stored);
    }
    const later = await run('digest', '--as-of', after, '--check');
    expect(later.stdout).toMatch(new RegExp(`^reproduced exactly: .*rules 2026\\.3, policy ${loadPolicy().version.replace(/\./g, '\\.')} `, 'm'));
  });

  it('reproduces it exactly from the released 2026.1 files too, when the digest job’s record of them is gone', async () => {
    await runtime.db('rule_set_versions').where({ version: '2026.1' }).delete();
    await runtime.db('policy_versions').where({ version: '2026.1' }).delete();
    const resolver = createVersionResolver(runtime.db);
    const stored = issuedBefore[0];
    expect((await resolver.rules('2026.1', stored.cutOff)).source).toBe(join('services', 'risk', 'rule-sets', 'released', '2026.1.json'));
    expect((await resolver.policy('2026.1', stored.cutOff)).source).toBe(join('services', 'policy', 'policies', 'released', '2026.1.json'));
    for (const digest of issuedBefore) expect((await reproduceStoredDigest(runtime.db, resolver, digest)).reproduced).toEqual(digest);
    const result = await run('digest', '--as-of', before, '--check');
    expect([result.code, result.stderr]).toEqual([0, expect.not.stringMatching(/live-risk:/)]);
    expect(result.stdout).toMatch(/^reproduced exactly: .*rules 2026\.1, policy 2026\.1 /m);
  });

  it('what-if with today’s rules compares both days, instead of refusing the day before schools joined', async () => {
    const result = await run('what-if', '--rules', builtInRuleSetFile);
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${before}\\s+${issuedBefore.length}\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+$`, 'm'));
    // The second day was issued under these rules already: nothing to change.
    expect(result.stdout).toMatch(new RegExp(`^${after}\\s+${issuedAfter.length}\\s+\\d+\\s+0\\s+0\\s+0$`, 'm'));
    expect(result.stdout).toContain('rules 2026.3 instead of 2026.1, 2026.3, over 2 days');
  });
});
