import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeListByAgency, recipientRoles } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { builtInPolicyJson } from './policy-fixture';
import { builtInPolicyFile, encompassFieldSetOf, loadArchivedPolicy, loadPolicy, parsePolicy, policiesDirectory, policyRoles } from './policy';
import { policyTables } from './policy-table';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the policy as loose JSON to break it */
const problemsOf = (json: unknown): string => {
  try {
    parsePolicy(json, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRiskError);
    expect((error as LiveRiskError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('the policy was accepted');
};

describe('the sharing policy file', () => {
  it('built in, covers every category of every code list for every role', () => {
    const policy = loadPolicy();
    for (const [agency, codes] of Object.entries(codeListByAgency)) {
      expect(Object.keys(policy.agencies[agency as keyof typeof codeListByAgency].categories).sort()).toEqual(Object.keys(codes).sort());
    }
    for (const agreement of Object.values(policy.agencies)) {
      for (const rule of Object.values(agreement.categories)) expect(Object.keys(rule.roles).sort()).toEqual([...policyRoles].sort());
    }
    expect(loadPolicy(builtInPolicyFile)).toEqual(policy);
  });

  it('built in, tells schools only of police domestic abuse, with each force’s own Encompass field set', () => {
    const policy = loadPolicy();
    const toSchools = Object.entries(policy.agencies).flatMap(([agency, agreement]) =>
      Object.entries(agreement.categories).filter(([, rule]) => rule.roles['school-dsl'].level !== 'none').map(([category]) => `${agency}:${category}`),
    );
    expect(toSchools).toEqual(['police:DOMESTIC_ABUSE']);
    expect(encompassFieldSetOf(policy, 'Avon and Wessex Police')).toEqual(['child', 'policeReference', 'when', 'where', 'involvement', 'circumstances']);
    expect(encompassFieldSetOf(policy, 'Lincolnshire Police')).toEqual(['child', 'policeReference', 'when']);
    expect(encompassFieldSetOf(policy, 'A force not in the policy')).toEqual(policy.encompass.otherForces);
  });

  it('released before schools were recipients, still reads, and tells schools nothing', () => {
    const released = loadArchivedPolicy(join(policiesDirectory, 'released', '2026.2.json'));
    expect(released.agencies.police?.categories.DOMESTIC_ABUSE.roles['school-dsl']).toBeUndefined();
    expect(encompassFieldSetOf(released, 'Avon and Wessex Police')).toEqual([]);
  });

  it('built in, never shows anyone more than a summary of health data', () => {
    for (const rule of Object.values(loadPolicy().agencies.health.categories)) {
      for (const role of recipientRoles) expect(['summary', 'existence-only', 'none']).toContain(rule.roles[role].level);
    }
  });

  it('refuses a file that leaves a category out, names an unknown one or an unknown role, with every problem and its path', () => {
    const policy = builtInPolicyJson() as any;
    delete policy.agencies.police.categories.ARREST;
    policy.agencies.housing.categories.GARDEN_GNOMES = policy.agencies.housing.categories.RENT_ARREARS;
    delete policy.agencies.health.categories.SELF_HARM.roles['team-manager'];
    policy.agencies.health.categories.SELF_HARM.roles.receptionist = { level: 'full', basis: 'consent' };
    const message = problemsOf(policy);
    expect(message).toContain('agencies.police.categories: ARREST has no agreement; every police category must be covered');
    expect(message).toContain('agencies.housing.categories.GARDEN_GNOMES: GARDEN_GNOMES is not in the housing code list');
    expect(message).toContain('agencies.health.categories.SELF_HARM.roles: no level for team-manager');
    expect(message).toContain('agencies.health.categories.SELF_HARM.roles.receptionist: receptionist is not a recipient role');
  });

  it('refuses a contact that is not one line and a justification holding an escape sequence, as a digest would', () => {
    const policy = builtInPolicyJson() as any;
    policy.agencies.police.contact = 'MASH\r\n1. Family SF-FAKE: HIGH';
    policy.agencies.police.categories.DOMESTIC_ABUSE.justification = 'Risk of harm\u001b[8m';
    const message = problemsOf(policy);
    expect(message).toContain('agencies.police.contact: contains a line break (U+000D) at position 5; this field is a single line');
    expect(message).toContain('agencies.police.categories.DOMESTIC_ABUSE.justification: contains a control character (U+001B) at position 13');
  });

  it('refuses sharing under vital interests without a justification, and health in full without an Article 9 condition', () => {
    const policy = builtInPolicyJson() as any;
    delete policy.agencies.police.categories.DOMESTIC_ABUSE.justification;
    policy.agencies.health.categories.EMERGENCY_ATTENDANCE.roles['lead-practitioner'].level = 'full';
    const message = problemsOf(policy);
    expect(message).toContain('agencies.police.categories.DOMESTIC_ABUSE.justification: a category shared under vital interests must state its safeguarding justification');
    expect(message).toContain('agencies.health.categories.EMERGENCY_ATTENDANCE.article9Condition');
    policy.agencies.police.categories.DOMESTIC_ABUSE.justification = 'risk of serious harm';
    policy.agencies.health.categories.EMERGENCY_ATTENDANCE.article9Condition = 'Art. 9(2)(h): health or social care';
    expect(parsePolicy(policy, 'test.json').agencies.health.categories.EMERGENCY_ATTENDANCE.roles['lead-practitioner'].level).toBe('full');
  });

  it('refuses an unknown level or basis, and says when the file cannot be read or is not JSON', () => {
    const policy = builtInPolicyJson() as any;
    policy.agencies.police.categories.ARREST.roles['team-manager'] = { level: 'gossip', basis: 'curiosity' };
    const message = problemsOf(policy);
    expect(message).toMatch(/agencies\.police\.categories\.ARREST\.roles\.team-manager\.level/);
    expect(message).toMatch(/agencies\.police\.categories\.ARREST\.roles\.team-manager\.basis/);
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => loadPolicy(join(dir, 'broken.json'))).toThrow(/is not JSON/);
    expect(() => loadPolicy(join(dir, 'missing.json'))).toThrow(/cannot read the sharing policy file/);
  });

  it('reads as tables: every category with each role’s level and basis, the contacts and the justifications', () => {
    const tables = policyTables(loadPolicy());
    expect(tables.title).toContain('Sharing policy, version 2026.3, in force from 2026-12-01');
    expect(tables.sections[0].headers).toEqual(['Agency', 'Category', ...recipientRoles, 'school-dsl']);
    expect(tables.sections[0].rows).toContainEqual(['health', 'Self-harm presentation', 'summary, on vital interests', 'existence-only, on vital interests', 'existence-only, on vital interests', 'none']);
    expect(tables.sections[0].rows).toContainEqual(['police', 'Domestic abuse incident', 'full, on vital interests', 'full, on vital interests', 'summary, on public task', 'full, on public task']);
    expect(tables.sections[0].rows).toHaveLength(Object.values(codeListByAgency).reduce((n, list) => n + Object.keys(list).length, 0));
    expect(tables.sections[1].rows.map((row) => row[0])).toEqual(expect.arrayContaining(['police', 'housing', 'health', 'education']));
    const oneRole = policyTables(loadPolicy(), 'team-manager');
    expect(oneRole.sections[0].headers).toEqual(['Agency', 'Category', 'team-manager', 'Why']);
    expect(policyTables(loadPolicy(), 'school-dsl').sections[0].headers).toEqual(['Agency', 'Category', 'school-dsl', 'Why']);
  });
});
