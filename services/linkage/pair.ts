import type { CohortIndex, LinkageIndex } from './cohort-index';
import type { PreparedRecord } from './prepare';
import { WEIGHT_UNITS } from './scorer';
import type { PersonRecord } from './types';

/**
 * The score of one prepared pair, with every comparison and term-frequency weight but no blocking:
 * the unit a benchmark times. Prepare both sides with `index.prepare(...)` (so they share the
 * index's vocabulary); `b` is taken as the cohort person for term frequencies.
 */
export function scorePreparedPair(index: LinkageIndex, a: PreparedRecord, b: PreparedRecord): number {
  return index.scorer.scoreUnits(a, b) / WEIGHT_UNITS;
}

/** Adds a person to a live index, replacing any with the same id (the same as `index.add`). */
export function addToCohortIndex(index: CohortIndex, record: PersonRecord): void {
  index.add(record);
}

/** Removes a person from a live index; false when no one has that id. */
export function removeFromCohortIndex(index: CohortIndex, id: string): boolean {
  return index.remove(id);
}

