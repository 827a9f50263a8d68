import { cohortEvent } from '../../services/contracts';
import { cohortEventsFromRows } from '../../services/cohort/cohort-events-from-rows';
import { formatCohortCsv, parseCohortCsv, type CohortRow } from '../../services/cohort/csv-format';
import { isValidNhsNumber } from '../../services/cohort/nhs-number';
import { davisFamilyId, generateCouncil, tomFamilyId } from './index';
import { ageOn, cohortAgeReference } from './people';
import { defaultSchoolUrns } from './schools';

const council = generateCouncil({ families: 1_000, seed: 7 });

const byFamily = (rows: readonly CohortRow[]) => {
  const families = new Map<string, CohortRow[]>();
  for (const row of rows) families.set(row.familyId, [...(families.get(row.familyId) ?? []), row]);
  return families;
};

describe('generateCouncil', () => {
  it('gives the same council for the same seed and a different one for another seed', () => {
    expect(generateCouncil({ families: 1_000, seed: 7 })).toEqual(council);
    expect(generateCouncil({ families: 1_000, seed: 8 }).rows).not.toEqual(council.rows);
  });

  it('makes exactly the families asked for, the two story families first', () => {
    const families = byFamily(council.rows);
    expect(families.size).toBe(1_000);
    expect([...families.keys()].slice(0, 3)).toEqual([davisFamilyId, tomFamilyId, 'F000001']);
    expect([...families.keys()].at(-1)).toBe('F000998');
  });

  it('writes rows the cohort CSV accepts unchanged: format then parse gives the same rows and no rejections', () => {
    expect(parseCohortCsv(formatCohortCsv(council.rows))).toEqual({ rows: council.rows, rejections: [] });
  });

  it('turns into valid cohort events', () => {
    for (const event of cohortEventsFromRows(council.rows, '2026-03-28T09:00:00.000Z')) cohortEvent.parse(event);
  });

  it('names ids like F000123, F000123-M2 and SF-000123', () => {
    const row = council.rows.find((candidate) => candidate.familyId === 'F000123' && candidate.memberId.endsWith('-M1'));
    expect(row).toMatchObject({ familyId: 'F000123', familyReference: 'SF-000123', memberId: 'F000123-M1' });
    for (const { familyId, memberId } of council.rows) expect(memberId.startsWith(`${familyId}-M`)).toBe(true);
  });

  it('makes households of 1 to 6 members at one address, most sharing a surname, each home with its own UPRN', () => {
    const uprns = new Set<string>();
    const homes = new Set<string>();
    let sharedSurname = 0;
    for (const members of byFamily(council.rows).values()) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(6);
      const home = `${members[0].addressLine1}|${members[0].postcode}`;
      expect(homes.has(home)).toBe(false);
      homes.add(home);
      if (members[0].uprn) {
        expect(uprns.has(members[0].uprn)).toBe(false);
        uprns.add(members[0].uprn);
      }
      if (new Set(members.map((member) => member.familyName)).size === 1) sharedSurname++;
    }
    expect(uprns.size / homes.size).toBeGreaterThan(0.8);
    expect(sharedSurname / homes.size).toBeGreaterThan(0.8);
    expect(sharedSurname).toBeLessThan(homes.size);
  });

  it('gives most members a unique valid NHS number from the 999 test range and some adults a unique PNC ID', () => {
    const nhsNumbers = council.rows.flatMap((row) => (row.nhsNumber ? [row.nhsNumber] : []));
    expect(nhsNumbers.length / council.rows.length).toBeGreaterThan(0.85);
    expect(new Set(nhsNumbers).size).toBe(nhsNumbers.length);
    for (const nhsNumber of nhsNumbers) {
      expect(isValidNhsNumber(nhsNumber)).toBe(true);
      expect(nhsNumber.startsWith('999')).toBe(true);
    }
    const pncIds = council.rows.flatMap((row) => (row.pncId ? [row.pncId] : []));
    expect(pncIds.length).toBeGreaterThan(50);
    expect(new Set(pncIds).size).toBe(pncIds.length);
  });

  it('never gives two members the same name and date of birth, so either identifies one person', () => {
    const identities = council.rows.filter((row) => row.dateOfBirth).map((row) => `${row.givenName}|${row.familyName}|${row.dateOfBirth}`);
    expect(new Set(identities).size).toBe(identities.length);
  });

  it('gives realistic dates of birth: children and adults, nobody born after 2025', () => {
    const years = council.rows.flatMap((row) => (row.dateOfBirth ? [Number(row.dateOfBirth.slice(0, 4))] : []));
    expect(Math.min(...years)).toBeGreaterThan(1950);
    expect(Math.max(...years)).toBeLessThanOrEqual(2025);
    expect(years.filter((year) => year >= 2008).length).toBeGreaterThan(council.rows.length * 0.3);
  });

  it('records consent for most families, a statutory basis for some and nothing for a few', () => {
    const consents = [...byFamily(council.rows).values()].map((members) => members[0].consent);
    const share = (value: string) => consents.filter((consent) => consent === value).length / consents.length;
    expect(share('consent')).toBeGreaterThan(0.7);
    expect(share('public-task')).toBeGreaterThan(0.05);
    expect(share('none')).toBeGreaterThan(0.01);
    expect(share('none')).toBeLessThan(0.1);
  });

  it('gives each lead practitioner 15 to 25 families (the last takes the remainder) and a unique council email', () => {
    const caseloads = new Map<string, number>();
    for (const [, members] of byFamily(council.rows)) {
      const id = members[0].leadPractitionerId;
      caseloads.set(id, (caseloads.get(id) ?? 0) + 1);
    }
    const counts = council.practitioners.map((practitioner) => caseloads.get(practitioner.practitionerId) ?? 0);
    for (const count of counts.slice(0, -1)) expect(count).toBeGreaterThanOrEqual(15);
    for (const count of counts) expect(count).toBeLessThanOrEqual(25);
    expect(council.practitioners[0].practitionerId).toBe('P001');
    const emails = council.practitioners.map((practitioner) => practitioner.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z'-]+\.[a-z'-]+\d*@council\.example$/);
  });

  it('puts practitioners in teams of four, each managed by one of its own, and every family row names its lead practitioner\'s team', () => {
    expect(council.teams.length).toBe(Math.ceil(council.practitioners.length / 4));
    expect(council.teams.flatMap((team) => team.practitionerIds)).toEqual(council.practitioners.map((p) => p.practitionerId));
    for (const team of council.teams) {
      expect(team.practitionerIds.length).toBeLessThanOrEqual(4);
      expect(team.practitionerIds).toContain(team.managerId);
      expect(new Set(team.practitionerIds.map((id) => council.practitioners.find((p) => p.practitionerId === id)?.team))).toEqual(new Set([team.name]));
    }
    expect(council.teams[0]).toMatchObject({ name: 'Northgate Family Help', managerId: 'P001' });
    const teamOf = new Map(council.practitioners.map((p) => [p.practitionerId, p.team]));
    for (const row of council.rows) expect(row.leadPractitionerTeam).toBe(teamOf.get(row.leadPractitionerId));
    expect(parseCohortCsv(formatCohortCsv(council.rows)).rows.map((row) => row.leadPractitionerTeam)).toEqual(council.rows.map((row) => row.leadPractitionerTeam));
  });

  it('always includes the Davis family and Tom, even in the smallest council', () => {
    const tiny = generateCouncil({ families: 1 });
    const families = byFamily(tiny.rows);
    expect([...families.keys()]).toEqual([davisFamilyId, tomFamilyId]);
    const davis = families.get(davisFamilyId)!;
    expect(davis.map((row) => [row.givenName, row.familyName])).toEqual([
      ['Karen', 'Davis'],
      ['Lee', 'Davis'],
      ['Jack', 'Davis'],
      ['Ellie', 'Davis'],
    ]);
    const tom = families.get(tomFamilyId)!.find((row) => row.givenName === 'Thomas');
    expect(tom).toMatchObject({ familyName: 'Harper', dateOfBirth: '2006-11-02' });
    expect(isValidNhsNumber(tom!.nhsNumber!)).toBe(true);
    expect(parseCohortCsv(formatCohortCsv(tiny.rows)).rejections).toEqual([]);
  });

  it('puts school-age children on a school roll, siblings together, the Davis children at the first school, one or two families educated at home', () => {
    const schoolAge = (row: CohortRow) => row.dateOfBirth !== undefined && ageOn(row.dateOfBirth, cohortAgeReference) >= 4 && ageOn(row.dateOfBirth, cohortAgeReference) <= 17;
    for (const row of council.rows) expect([row.memberId, row.schoolUrn !== undefined]).toEqual([row.memberId, schoolAge(row)]);
    const urns = new Set(defaultSchoolUrns());
    for (const members of byFamily(council.rows).values()) {
      const schools = new Set(members.filter(schoolAge).map((row) => row.schoolUrn));
      expect(schools.size).toBeLessThanOrEqual(1);
      for (const school of schools) expect(school === 'HOME' || urns.has(school as string)).toBe(true);
    }
    expect(council.rows.filter((row) => row.familyId === davisFamilyId && row.schoolUrn).map((row) => [row.givenName, row.schoolUrn])).toEqual([['Jack', defaultSchoolUrns()[0]], ['Ellie', defaultSchoolUrns()[0]]]);
    const atHome = new Set(council.rows.filter((row) => row.schoolUrn === 'HOME').map((row) => row.familyId));
    expect(atHome.size).toBeGreaterThanOrEqual(1);
    expect(atHome.size).toBeLessThanOrEqual(2);
    expect(new Set(council.rows.map((row) => row.schoolUrn)).size).toBeGreaterThan(4);
  });
});
