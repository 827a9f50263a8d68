import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideDisclosure } from './disclosure';
import { consentGiven } from './policy-fixture';
import { categoryRuleFor, loadPolicy, parseArchivedPolicy, parsePolicy, policiesDirectory } from './policy';
import { policyTables } from './policy-table';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the policy as loose JSON */
const released2026_1 = (): Record<string, any> => JSON.parse(readFileSync(join(policiesDirectory, 'released', '2026.1.json'), 'utf8'));
const school = { agency: 'education', category: 'SAFEGUARDING_CONCERN', organisation: 'Larkspur Primary School', memberIds: ['M1'] } as const;

describe('an archived sharing policy is read as it was', () => {
  it('the 2026.1 policy, released before schools joined and before agreements were recorded, still parses', () => {
    const archived = parseArchivedPolicy(released2026_1(), 'released/2026.1.json');
    expect(archived.version).toBe('2026.1');
    expect(archived.agencies.education).toBeUndefined();
    expect(archived.agencies.police?.agreement).toBeUndefined();
  });

  it('shares nothing of an agency the archived policy lacks: it did not exist then', () => {
    const archived = parseArchivedPolicy(released2026_1(), 'released/2026.1.json');
    expect(categoryRuleFor(archived, 'education', 'SAFEGUARDING_CONCERN')).toBeUndefined();
    const context = { policy: archived, role: 'lead-practitioner', consent: [consentGiven()] } as const;
    expect(decideDisclosure(school, context)).toEqual({ share: false, reason: 'not-shared-with-role' });
    expect(decideDisclosure(school, { ...context, policy: loadPolicy() })).toMatchObject({ share: true, level: 'full', basis: 'public-task' });
  });

  it('shares nothing of a code the archived policy lacks, while today every code must be covered', () => {
    const policy = JSON.parse(JSON.stringify(loadPolicy())) as Record<string, any>;
    delete policy.agencies.police.categories.VICTIM_OF_CRIME;
    const archived = parseArchivedPolicy(policy, 'archived.json');
    const victim = { agency: 'police', category: 'VICTIM_OF_CRIME', organisation: 'Avon and Wessex Police', memberIds: ['M1'] } as const;
    expect(decideDisclosure(victim, { policy: archived, role: 'lead-practitioner', consent: [consentGiven()] })).toEqual({ share: false, reason: 'not-shared-with-role' });
    expect(() => parsePolicy(policy, 'today.json')).toThrow(/VICTIM_OF_CRIME has no agreement; every police category must be covered/);
  });

  it('the same 2026.1 file is refused as the policy in force today: it lacks schools and every agreement', () => {
    let message = '';
    try {
      parsePolicy(released2026_1(), 'policy.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('agencies.education: Invalid input: expected object, received undefined');
    for (const agency of ['police', 'housing', 'health']) expect(message).toContain(`agencies.${agency}.agreement: Invalid input: expected object, received undefined`);
  });

  it('reads as tables without the agencies it lacks, and says no agreement was recorded then', () => {
    const tables = policyTables(parseArchivedPolicy(released2026_1(), 'released/2026.1.json'));
    expect(new Set(tables.sections[0].rows.map((row) => row[0]))).toEqual(new Set(['police', 'housing', 'health']));
    // Schools became recipients in 2026.3: nothing was shared with them under 2026.1, so no column.
    expect(tables.sections[0].headers).toEqual(['Agency', 'Category', 'lead-practitioner', 'covering-practitioner', 'team-manager']);
    expect(tables.sections[3].rows).toEqual(['police', 'housing', 'health'].map((agency) => [agency, '(not recorded in this version)', '', '', '']));
  });

  it('still refuses what was never valid: a code in no code list', () => {
    const policy = released2026_1();
    policy.agencies.housing.categories.BURGLARY = policy.agencies.housing.categories.RENT_ARREARS;
    expect(() => parseArchivedPolicy(policy, 'archived.json')).toThrow(/agencies\.housing\.categories\.BURGLARY: BURGLARY is not in the housing code list/);
  });
});
