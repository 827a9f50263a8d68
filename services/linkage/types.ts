/** A person as any source describes them; every field but the id may be missing (null). */
export type PersonRecord = Readonly<{
  id: string;
  givenName: string | null;
  familyName: string | null;
  /** YYYY-MM-DD, or null when unknown. */
  dateOfBirth: string | null;
  /** Free-text first line(s) of the address. */
  address: string | null;
  /** Any country's postcode; nothing here assumes the UK format. */
  postcode: string | null;
  uprn?: string | null;
  nhsNumber?: string | null;
  pncId?: string | null;
}>;

export type Decision = 'link' | 'review' | 'no-link';

/** One comparison's share of a score, in log2 Bayes-factor units (the prior is one of them). */
export type Contribution = Readonly<{ comparison: string; level: string; weight: number }>;

export type ScoredPair = Readonly<{
  recordId: string;
  cohortId: string;
  /** log2 posterior odds that the two describe the same person; equals the sum of the contributions. */
  score: number;
  decision: Decision;
  contributions: readonly Contribution[];
  explanation: string;
}>;
