import type { Address, Agency, InvolvedPerson } from '../../services/contracts';
import type { CohortRow } from '../../services/cohort/csv-format';
import { addressKey, anyAddress, neighbourOf } from './addresses';
import { ageRange, castings, type AgeBand, type Casting } from './castings';
import { personKey, type CohortFamily, type CohortIndex } from './cohort-index';
import type { DigestWindow } from './digest-window';
import { homeAddress, personFromRow, type CategoryOf, type EventDraft } from './event-draft';
import { outsiderNhsNumber, outsiderPncId } from './identifiers';
import { ageOn, dateOfBirthForAge, givenName, randomSex, surname } from './people';
import type { SeededRandom } from './random';

const agencyShares: readonly (readonly [Agency, number])[] = [['police', 45], ['housing', 30], ['health', 25]];

/**
 * Who an ordinary incident is about: cohort members named with details copied from the cohort;
 * a cohort home where nobody named is in the cohort (only the address can link it); or people
 * and places outside the cohort, which must link to nobody.
 */
const kinds = [['members', 60], ['household', 10], ['outsiders', 30]] as const;

// Agencies report late: mostly within the hour, now and then days later.
const lagBands: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 59], 45], [[60, 12 * 60], 35], [[12 * 60, 48 * 60], 15], [[48 * 60, 72 * 60], 5],
];

/** An ordinary incident of an agency drawn by its share, or of the agency given (schools draw from their own stream). */
export function randomDraft(random: SeededRandom, cohort: CohortIndex, window: DigestWindow, agency: Agency = random.weighted(agencyShares)): EventDraft {
  const categories = Object.entries(castings[agency]) as [string, Casting][];
  const [category, casting] = random.weighted(categories.map((entry) => [entry, entry[1].weight] as const));
  const minute = 60_000;
  const reportedAt = window.start + Math.floor((random.next() * (window.end - window.start)) / minute) * minute;
  const [fewest, most] = random.weighted(lagBands);
  const occurredAt = reportedAt - random.int(fewest, most) * minute;
  const scene = new Scene(random, cohort, window.date, agency, casting);
  const kind = cohort.families.length === 0 ? 'outsiders' : random.weighted(kinds);
  const { people, address, familyIds } = kind === 'members' ? scene.aboutMembers() : kind === 'household' ? scene.atCohortHome() : scene.aboutOutsiders();
  // The category was drawn from this agency's own list, so the pairing is right by construction.
  return { agency, category: category as CategoryOf[Agency], occurredAt, reportedAt, people, address, summary: casting.summary, familyIds } as EventDraft;
}

type Cast = { people: InvolvedPerson[]; address: Address; familyIds: string[] };

class Scene {
  constructor(
    private readonly random: SeededRandom,
    private readonly cohort: CohortIndex,
    private readonly date: string,
    private readonly agency: Agency,
    private readonly casting: Casting,
  ) {}

  aboutMembers(): Cast {
    const { random, agency, casting } = this;
    const family = random.pick(this.cohort.families);
    const subject = this.memberOf(family, casting.ages);
    const people = [this.asRecorded(subject, casting.role)];
    const partner = family.members.find((member) => member !== subject && this.isAged(member, 'adult'));
    if (casting.partnerRole && partner) people.push(this.asRecorded(partner, casting.partnerRole));
    const familyIds = [family.familyId];
    if (agency === 'police' && this.cohort.families.length > 1 && random.chance(0.06)) {
      const other = random.pick(this.cohort.families);
      const person = this.asRecorded(this.memberOf(other, 'teenager-or-adult'), random.pick(['witness', 'suspect'] as const));
      // Away from their home, someone named without date of birth or identifier cannot be linked.
      if (other !== family && (person.dateOfBirth !== undefined || person.identifiers !== undefined)) {
        people.push(person);
        familyIds.push(other.familyId);
      }
    }
    // A name alone (the few members with no date of birth on record) can only be linked at home.
    const nameOnly = people[0].dateOfBirth === undefined && people[0].identifiers === undefined;
    const atHome = nameOnly || agency !== 'police' || random.chance(0.75);
    const uprnShare = { police: 0.4, housing: 0.9, health: 0.3, education: 0.2 }[agency];
    const address = atHome ? homeAddress(subject, random.chance(uprnShare)) : this.outsideAddress();
    return { people, address, familyIds };
  }

  atCohortHome(): Cast {
    const { random, agency, casting } = this;
    const family = random.pick(this.cohort.families);
    const address = homeAddress(family.members[0], random.chance(agency === 'housing' ? 0.9 : 0.5));
    const familySurnames = new Set(family.members.map((member) => member.familyName));
    // A health contact always has a patient; police and housing often record only the address.
    const named = agency === 'health' || random.chance(0.5);
    const role = random.chance(0.5) ? casting.role : random.pick(['witness', 'complainant', 'other'] as const);
    return { people: named ? [this.outsider(casting.ages, role, familySurnames)] : [], address, familyIds: [family.familyId] };
  }

  aboutOutsiders(): Cast {
    const { casting } = this;
    const people = [this.outsider(casting.ages, casting.role)];
    if (casting.partnerRole) people.push(this.outsider('adult', casting.partnerRole));
    return { people, address: this.outsideAddress(), familyIds: [] };
  }

  private memberOf(family: CohortFamily, band: AgeBand): CohortRow {
    const fitting = family.members.filter((member) => this.isAged(member, band));
    return this.random.pick(fitting.length > 0 ? fitting : family.members);
  }

  private isAged(member: CohortRow, band: AgeBand): boolean {
    if (member.dateOfBirth === undefined) return band === 'any';
    const [youngest, oldest] = ageRange(band);
    const age = ageOn(member.dateOfBirth, this.date);
    return age >= youngest && age <= oldest;
  }

  /**
   * A cohort member as this agency would record them: the name with the date of birth, the
   * agency's own identifier, or both, so the record can always be linked to the member.
   */
  private asRecorded(member: CohortRow, role: InvolvedPerson['role']): InvolvedPerson {
    const { random, agency } = this;
    const nhsNumber = agency === 'health' && member.nhsNumber !== undefined && random.chance(0.95);
    const pncId = agency === 'police' && member.pncId !== undefined && random.chance(0.85);
    const dateOfBirth = nhsNumber || pncId ? random.chance(0.8) : true;
    return personFromRow(member, role, { dateOfBirth, nhsNumber, pncId });
  }

  /** Someone not in the cohort: their name and date of birth never match a member's exactly. */
  private outsider(band: AgeBand, role: InvolvedPerson['role'], avoidSurnames?: ReadonlySet<string>): InvolvedPerson {
    const { random, agency, cohort } = this;
    const [youngest, oldest] = ageRange(band);
    let person: { givenName: string; familyName: string; dateOfBirth: string };
    do {
      let familyName = surname(random);
      while (avoidSurnames?.has(familyName)) familyName = surname(random);
      const dateOfBirth = dateOfBirthForAge(random, Math.max(youngest, 1), Math.min(oldest, 85));
      person = { givenName: givenName(random, randomSex(random)), familyName, dateOfBirth };
    } while (cohort.people.has(personKey(person)));
    const nhsNumber = agency === 'health' && random.chance(0.85) ? outsiderNhsNumber(random, cohort.nhsNumbers) : undefined;
    const isAdult = ageOn(person.dateOfBirth, this.date) >= 18;
    const pncId = agency === 'police' && isAdult && random.chance(0.3) ? outsiderPncId(random) : undefined;
    const withDateOfBirth = random.chance({ police: 0.85, housing: 0.5, health: 0.95, education: 0.98 }[agency]);
    return {
      role,
      givenName: person.givenName,
      familyName: person.familyName,
      ...(withDateOfBirth && { dateOfBirth: person.dateOfBirth }),
      ...((nhsNumber !== undefined || pncId !== undefined) && {
        identifiers: { ...(nhsNumber !== undefined && { nhsNumber }), ...(pncId !== undefined && { pncId }) },
      }),
    };
  }

  /** A street address that is no cohort family's home: often a neighbour's, otherwise anywhere. */
  private outsideAddress(): Address {
    const { random, cohort } = this;
    for (;;) {
      const address =
        cohort.families.length > 0 && random.chance(0.4)
          ? neighbourOf(random, homeAddress(random.pick(cohort.families).members[0], false))
          : anyAddress(random);
      if (!cohort.homes.has(addressKey(address))) return address;
    }
  }
}
