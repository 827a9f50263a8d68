import { agencyEventSchemas, type AgencyEvent, type InvolvedPerson } from '../../services/contracts';
import type { CohortRow } from '../../services/cohort/csv-format';
import { davisFamilyId, digestWindow, generateAgencyEvents, generateCouncil, tomFamilyId, type GeneratedDay } from './index';

const council = generateCouncil({ families: 2_000, seed: 3 });
const days = new Map<string, GeneratedDay>();
const day = (date: string): GeneratedDay => {
  if (!days.has(date)) days.set(date, generateAgencyEvents(council, { date, seed: 3 }));
  return days.get(date)!;
};
const ordinaryDay = day('2026-06-15');
const truthOf = (agency: string, event: AgencyEvent) => ordinaryDay.truth[`${agency}:${event.eventId}`];

const index = (key: (row: CohortRow) => string | undefined) => {
  const families = new Map<string, Set<string>>();
  for (const row of council.rows) {
    const value = key(row);
    if (value !== undefined) families.set(value, (families.get(value) ?? new Set()).add(row.familyId));
  }
  return families;
};
const familiesByNhsNumber = index((row) => row.nhsNumber);
const familiesByPncId = index((row) => row.pncId);
const familiesByNameAndBirth = index((row) => (row.dateOfBirth ? `${row.givenName}|${row.familyName}|${row.dateOfBirth}` : undefined));
const familiesByHome = index((row) => `${row.addressLine1}|${row.postcode}`);
const familiesByUprn = index((row) => row.uprn);
const cohortFamiliesNamed = (person: InvolvedPerson): Set<string>[] =>
  [
    person.identifiers?.nhsNumber && familiesByNhsNumber.get(person.identifiers.nhsNumber),
    person.identifiers?.pncId && familiesByPncId.get(person.identifiers.pncId),
    person.dateOfBirth && familiesByNameAndBirth.get(`${person.givenName}|${person.familyName}|${person.dateOfBirth}`),
  ].filter((families): families is Set<string> => families instanceof Set);

describe('generateAgencyEvents', () => {
  it('makes every event valid against its agency schema', () => {
    for (const { agency, event } of ordinaryDay.events) expect(agencyEventSchemas[agency].parse(event)).toEqual(event);
  });

  it('gives the same events for the same council, date and seed, and different ones for another seed', () => {
    expect(generateAgencyEvents(council, { date: '2026-06-15', seed: 3 })).toEqual(ordinaryDay);
    expect(generateAgencyEvents(council, { date: '2026-06-15', seed: 4 }).events).not.toEqual(ordinaryDay.events);
  });

  it('makes about one event per five families, police 45%, housing 30%, health 25%, and a school concern per hundred families besides', () => {
    const events = ordinaryDay.events.filter((generated) => generated.agency !== 'education');
    expect(events.length).toBeGreaterThan(360);
    expect(events.length).toBeLessThan(450);
    const share = (agency: string) => events.filter((generated) => generated.agency === agency).length / events.length;
    expect(share('police')).toBeCloseTo(0.45, 1);
    expect(share('housing')).toBeCloseTo(0.3, 1);
    expect(share('health')).toBeCloseTo(0.25, 1);
    const schools = ordinaryDay.events.filter((generated) => generated.agency === 'education');
    // 2,000 families: 16 to 24 drawn, plus the Davis story's one.
    expect(schools.length).toBeGreaterThanOrEqual(17);
    expect(schools.length).toBeLessThanOrEqual(25);
  });

  it('gives even a small council a school concern, and numbers every other agency\'s events without gaps', () => {
    const smallCouncil = generateCouncil({ families: 5, seed: 3 });
    const small = generateAgencyEvents(smallCouncil, { date: '2026-06-15', seed: 3 });
    expect(small.events.filter((generated) => generated.agency === 'education').length).toBeGreaterThanOrEqual(1);
    // Ids are numbered per agency, so no school event shifts another agency's sequence.
    for (const agency of ['police', 'housing', 'health'] as const) {
      const ids = ordinaryDay.events.filter((generated) => generated.agency === agency).map(({ event }) => Number(event.eventId.slice(-4)));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids.map((_, index) => index + 1));
    }
  });

  it('names cohort members in most events, a cohort home alone in some and outsiders in about 30%', () => {
    const { events } = ordinaryDay;
    const outsiders = events.filter(({ agency, event }) => truthOf(agency, event).length === 0);
    const homeOnly = events.filter(
      ({ agency, event }) => truthOf(agency, event).length > 0 && event.people.every((person) => cohortFamiliesNamed(person).length === 0),
    );
    expect(outsiders.length / events.length).toBeCloseTo(0.3, 1);
    expect(homeOnly.length / events.length).toBeCloseTo(0.1, 1);
  });

  it('gives ids like ASP-2026-1660001, unique per agency, with the agency as publisher', () => {
    const ids = ordinaryDay.events.map(({ agency, event }) => `${agency}:${event.eventId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(ordinaryDay.truth).sort()).toEqual([...ids].sort());
    const prefixes = { police: 'ASP', housing: 'HSG', health: 'NHS', education: 'SCH' };
    for (const { agency, event } of ordinaryDay.events) expect(event.eventId).toMatch(new RegExp(`^${prefixes[agency]}-2026-166\\d{4,}$`));
    expect(ordinaryDay.events.find(({ agency }) => agency === 'police')?.event.source.organisation).toBe('Avon and Wessex Police');
  });

  it('links each event to exactly the families a precise matcher would: members it names, and the home it happened at', () => {
    for (const { agency, event } of ordinaryDay.events) {
      const expected = new Set<string>();
      for (const families of event.people.flatMap(cohortFamiliesNamed)) families.forEach((familyId) => expected.add(familyId));
      familiesByHome.get(`${event.address.line1}|${event.address.postcode}`)?.forEach((familyId) => expected.add(familyId));
      if (event.address.uprn) familiesByUprn.get(event.address.uprn)?.forEach((familyId) => expected.add(familyId));
      expect([`${agency}:${event.eventId}`, truthOf(agency, event)]).toEqual([`${agency}:${event.eventId}`, [...expected].sort()]);
    }
  });

  it.each([
    ['2026-03-29', 'a 23-hour day', '2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z'],
    ['2026-10-25', 'a 25-hour day', '2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z'],
    ['2026-06-15', 'an ordinary summer day', '2026-06-14T06:00:00.000Z', '2026-06-15T06:00:00.000Z'],
    ['2026-01-01', 'an ordinary winter day over new year', '2025-12-31T07:00:00.000Z', '2026-01-01T07:00:00.000Z'],
  ])('reports every event inside the digest window for %s, %s', (date, _description, start, end) => {
    const window = digestWindow(date);
    expect([new Date(window.start).toISOString(), new Date(window.end).toISOString()]).toEqual([start, end]);
    const { events } = day(date);
    for (const { event } of events) {
      const reportedAt = Date.parse(event.reportedAt);
      const occurredAt = Date.parse(event.occurredAt);
      expect(reportedAt).toBeGreaterThanOrEqual(window.start);
      expect(reportedAt).toBeLessThan(window.end);
      expect(occurredAt).toBeLessThanOrEqual(reportedAt);
      expect(reportedAt - occurredAt).toBeLessThanOrEqual(3 * 24 * 3_600_000);
      expect(event.reportedAt).toMatch(/[+-]\d{2}:\d{2}$|Z$/);
    }
    expect(events.map(({ event }) => Date.parse(event.reportedAt))).toEqual(
      events.map(({ event }) => Date.parse(event.reportedAt)).sort((a, b) => a - b),
    );
  });

  it.each(['2026-03-29', '2026-10-25', '2026-06-15'])('tells the Davis story on %s: two domestic call-outs, the first naming the children present, and an ASB report about the home', (date) => {
    const { events, truth } = day(date);
    const davis = council.rows.filter((row) => row.familyId === davisFamilyId);
    const aboutDavis = events.filter(({ agency, event }) => truth[`${agency}:${event.eventId}`].includes(davisFamilyId));
    const domestic = aboutDavis.filter(({ event }) => event.category === 'DOMESTIC_ABUSE');
    expect(domestic).toHaveLength(2);
    const couple = [
      expect.objectContaining({ role: 'victim', givenName: davis[0].givenName, dateOfBirth: davis[0].dateOfBirth }),
      expect.objectContaining({ role: 'suspect', givenName: davis[1].givenName, dateOfBirth: davis[1].dateOfBirth }),
    ];
    // The first call-out names the children present (for Operation Encompass); the second finds them asleep.
    expect(domestic[0].event.people).toEqual([
      ...couple,
      expect.objectContaining({ role: 'witness', givenName: 'Jack', dateOfBirth: davis[2].dateOfBirth }),
      expect.objectContaining({ role: 'witness', givenName: 'Ellie', dateOfBirth: davis[3].dateOfBirth }),
    ]);
    expect(domestic[1].event.people).toEqual(couple);
    const housing = aboutDavis.filter(({ agency, event }) => agency === 'housing' && event.category === 'ANTI_SOCIAL_BEHAVIOUR_REPORT');
    expect(housing.some(({ event }) => event.address.uprn === davis[0].uprn && event.people.length === 0)).toBe(true);
  });

  it.each(['2026-03-29', '2026-06-15'])('tells Tom’s story on %s: a mental-health crisis contact and a police detention', (date) => {
    const { events, truth } = day(date);
    const tom = council.rows.find((row) => row.familyId === tomFamilyId && row.givenName === 'Thomas')!;
    const aboutTom = events.filter(({ agency, event }) => truth[`${agency}:${event.eventId}`].includes(tomFamilyId));
    const crisis = aboutTom.find(({ agency, event }) => agency === 'health' && event.category === 'MENTAL_HEALTH_CRISIS');
    expect(crisis?.event.people[0].identifiers?.nhsNumber).toBe(tom.nhsNumber);
    const detention = aboutTom.find(({ agency, event }) => agency === 'police' && event.category === 'MENTAL_HEALTH_DETENTION');
    expect(detention?.event.people[0]).toMatchObject({ givenName: 'Thomas', familyName: tom.familyName, dateOfBirth: tom.dateOfBirth });
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => generateAgencyEvents(council, { date: '29/03/2026' })).toThrow('write it as YYYY-MM-DD');
  });
});
