import { nhsNumberFromBody } from '../synthetic-council/identifiers';

// Bodies 999000000-999000999 are the synthetic council's story families; the rest are walked in a
// seed-dependent order that visits each once (7,919 is coprime with the count).
const first = 1_000;
const count = 1_000_000 - first;
const stride = 7_919;

/**
 * Valid NHS numbers in the 999 test range, never the same twice: cohort members take them from
 * one end of a seeded permutation and people outside the cohort from the other, so an outsider can
 * never carry a cohort member's number by accident. About 900,000 are valid; after that, none.
 */
export class NhsNumbers {
  private fromStart = 0;
  private fromEnd = count - 1;

  constructor(private readonly offset: number) {}

  forCohort(): string | null {
    while (this.fromStart <= this.fromEnd) {
      const nhsNumber = this.at(this.fromStart++);
      if (nhsNumber) return nhsNumber;
    }
    return null;
  }

  forOutsider(): string | null {
    while (this.fromEnd >= this.fromStart) {
      const nhsNumber = this.at(this.fromEnd--);
      if (nhsNumber) return nhsNumber;
    }
    return null;
  }

  private at(index: number): string | undefined {
    return nhsNumberFromBody(first + ((index * stride + this.offset) % count));
  }
}
