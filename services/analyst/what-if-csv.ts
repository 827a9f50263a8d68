import { quoteCsvField } from '../platform/csv';
import type { DayDifference, FamilyChange } from './what-if';

/**
 * The what-if results as CSV (RFC 4180, header row, LF line ends), for a spreadsheet or a report:
 *
 *   date,digests,families_compared,newly_flagged,no_longer_flagged,changed_level,not_reproduced
 *   2026-03-29,15,41,3,0,1,0
 *
 * and, one row per family whose level differs (`family` is a pseudonym unless --raw):
 *
 *   date,practitioner_id,family,level_in_force,level_alternative,change
 *   2026-03-29,P003,family-3f9a2c1b04de,low,medium,newly-flagged
 */
const csv = (rows: ReadonlyArray<ReadonlyArray<string | number>>) => rows.map((row) => row.map((cell) => quoteCsvField(String(cell))).join(',')).join('\n') + '\n';

export function dayDifferencesCsv(days: readonly DayDifference[]): string {
  return csv([
    ['date', 'digests', 'families_compared', 'newly_flagged', 'no_longer_flagged', 'changed_level', 'not_reproduced'],
    ...days.map((d) => [d.date, d.digests, d.familiesCompared, d.newlyFlagged, d.noLongerFlagged, d.changedLevel, d.notReproduced]),
  ]);
}

export function familyChangesCsv(changes: readonly FamilyChange[], family: (familyId: string) => string): string {
  return csv([
    ['date', 'practitioner_id', 'family', 'level_in_force', 'level_alternative', 'change'],
    ...changes.map((c) => [c.date, c.practitionerId, family(c.familyId), c.inForce ?? '', c.alternative ?? '', c.change]),
  ]);
}
