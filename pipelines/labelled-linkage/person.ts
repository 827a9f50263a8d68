/**
 * A person as both files describe them: the cohort (what the council holds) and the records (what
 * an agency reported). The same shape as the linkage engine's PersonRecord, declared here so the
 * generator does not depend on the engine it is used to test.
 */
export type PersonRecord = Readonly<{
  id: string;
  givenName: string | null;
  familyName: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  address: string | null;
  postcode: string | null;
  nhsNumber?: string | null;
}>;

/** `mixed` draws each record's level at random from easy, realistic and hard, against one cohort. */
export type Difficulty = 'easy' | 'realistic' | 'hard' | 'mixed' | 'febrl-like';
export const difficulties: readonly Difficulty[] = ['easy', 'realistic', 'hard', 'mixed', 'febrl-like'];

/** A generated record with what is known about it: its true cohort person and what was done to it. */
export type LabelledRecord = Readonly<{
  record: PersonRecord;
  /** The cohort person this record is about, or null for someone not in the cohort. */
  cohortId: string | null;
  /** Corruptions applied and traps it falls into (e.g. "nickname", "twin", "near-miss-household"). */
  cases: readonly string[];
}>;

export type LabelledDataset = Readonly<{
  difficulty: Difficulty;
  seed: number;
  cohort: readonly PersonRecord[];
  records: readonly LabelledRecord[];
}>;
