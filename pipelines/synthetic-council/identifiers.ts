import { nhsNumberCheckDigit } from '../../services/cohort/nhs-number';
import type { SeededRandom } from './random';

/**
 * Synthetic identifiers that can never belong to a real person and never collide by accident:
 *
 * - NHS numbers start 999, the range NHS test data uses. Bodies 999000000-999000999 are kept for
 *   the story families; cohort members walk the rest in a seed-dependent order that visits each
 *   number once, so no two members share one (about 900,000 valid numbers in all).
 * - PNC serials below 1,000 are for the stories, 1,000-4,999,999 for the cohort (again each once),
 *   5,000,000 and up for people outside the cohort.
 * - UPRNs: 11 digits starting 99 for the stories, 12 digits starting 1 for cohort households and
 *   12 digits starting 2 for addresses outside the cohort.
 */
const nhsBodyFirst = 1_000;
const nhsBodyCount = 1_000_000 - nhsBodyFirst;
const pncCohortFirst = 1_000;
const pncCohortCount = 5_000_000 - pncCohortFirst;
// A stride coprime with both counts turns a counter into a permutation of the range.
const stride = 7_919;

export function nhsNumberFromBody(body: number): string | undefined {
  const firstNine = `999${String(body).padStart(6, '0')}`;
  const check = nhsNumberCheckDigit(firstNine);
  return check === undefined ? undefined : `${firstNine}${check}`;
}

/** PNC ID with a mod-23 check letter in the PNC style; only the format is checked downstream. */
export function pncIdFrom(year: number, serial: number): string {
  const yy = String(year % 100).padStart(2, '0');
  const letter = 'ZABCDEFGHJKLMNPQRTUVWXY'[Number(`${yy}${String(serial).padStart(7, '0')}`) % 23];
  return `${yy}/${serial}${letter}`;
}

/** Hands out each cohort identifier once; one instance per generated council. */
export class CohortIdentifiers {
  private nhsIndex = 0;
  private pncIndex = 0;
  private households = 0;
  private readonly nhsOffset: number;
  private readonly pncOffset: number;

  constructor(private readonly random: SeededRandom) {
    this.nhsOffset = random.int(0, nhsBodyCount - 1);
    this.pncOffset = random.int(0, pncCohortCount - 1);
  }

  /** The next unused valid NHS number, or undefined once the test range is used up. */
  nextNhsNumber(): string | undefined {
    while (this.nhsIndex < nhsBodyCount) {
      const body = nhsBodyFirst + ((this.nhsIndex++ * stride + this.nhsOffset) % nhsBodyCount);
      const nhsNumber = nhsNumberFromBody(body);
      if (nhsNumber) return nhsNumber;
    }
    return undefined;
  }

  nextPncId(yearOfRecord: number): string {
    const serial = pncCohortFirst + ((this.pncIndex++ * stride + this.pncOffset) % pncCohortCount);
    return pncIdFrom(yearOfRecord, serial);
  }

  /** Increasing with a random gap, so unique without looking like a counter. */
  nextHouseholdUprn(): string {
    return String(100_000_000_000 + this.households++ * 37 + this.random.int(0, 36));
  }
}

/** Identifiers for people outside the cohort, checked against the cohort's own. */
export function outsiderNhsNumber(random: SeededRandom, cohortNhsNumbers: ReadonlySet<string>): string | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const nhsNumber = nhsNumberFromBody(random.int(nhsBodyFirst, 999_999));
    if (nhsNumber && !cohortNhsNumbers.has(nhsNumber)) return nhsNumber;
  }
  return undefined;
}

export function outsiderPncId(random: SeededRandom): string {
  return pncIdFrom(random.int(0, 25), random.int(5_000_000, 9_999_999));
}

export function outsiderUprn(hash: number): string {
  return `2${String(hash % 100_000_000_000).padStart(11, '0')}`;
}
