import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { MemberSchool } from '../contracts';
import { LiveRiskError, describeError } from '../platform/errors';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';
import { cohortChanges, type CurrentCohort } from './cohort-changes';
import { cohortEventsFromRows } from './cohort-events-from-rows';
import { parseCohortCsv, type CohortCsvRejection, type CohortRow } from './csv-format';

export type ImportResult = Readonly<{
  families: number;
  members: number;
  events: number;
  rejections: readonly CohortCsvRejection[];
  published: boolean;
}>;

export async function readCohortCsv(path: string): Promise<{ rows: CohortRow[]; rejections: CohortCsvRejection[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LiveRiskError('INPUT_INVALID', `cannot read ${path}: ${describeError(error)}`, {
      hint: 'give the path of the council export (CSV, see "Cohort CSV format" in README.md)',
    });
  }
  return parseCohortCsv(text);
}

/**
 * Turns validated rows into cohort events on cohort.events.v1. With rejected rows, nothing is
 * published unless `skipBadRows`: a half-imported cohort is harder to reason about than none.
 */
export async function importCohortRows(
  runtime: Runtime,
  parsed: { rows: readonly CohortRow[]; rejections: readonly CohortCsvRejection[] },
  options: { skipBadRows?: boolean; recordedAt?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportResult> {
  const families = new Set(parsed.rows.map((row) => row.familyId)).size;
  if (parsed.rejections.length > 0 && !options.skipBadRows) {
    return { families, members: parsed.rows.length, events: 0, rejections: parsed.rejections, published: false };
  }
  const recordedAt = options.recordedAt ?? new Date().toISOString();
  // New people and families, then what changed for those already known (as projected so far).
  const events = [...cohortEventsFromRows(parsed.rows, recordedAt), ...cohortChanges(parsed.rows, await currentCohort(runtime.db), recordedAt)];
  await publishEvents(runtime, 'cohort', events, (event) => event.familyId, options.onProgress);
  return { families, members: parsed.rows.length, events: events.length, rejections: parsed.rejections, published: true };
}

/** The cohort as the projection holds it now: what a re-import is compared with. */
async function currentCohort(db: Knex): Promise<CurrentCohort> {
  const members: Array<{ member_id: string; family_id: string; given_name: string; family_name: string; date_of_birth: string | null; nhs_number: string | null; pnc_id: string | null }> =
    await db('members').where({ removed: false }).select('member_id', 'family_id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number', 'pnc_id');
  const families: Array<{ family_id: string; address_line1: string; address_line2: string | null; town: string | null; postcode: string; uprn: string | null }> =
    await db('families').select('family_id', 'address_line1', 'address_line2', 'town', 'postcode', 'uprn');
  const leads: Array<{ family_id: string; practitioner_id: string; name: string; email: string; team: string | null }> = await db('families as f')
    .join('practitioners as p', 'p.practitioner_id', 'f.practitioner_id')
    .select('f.family_id', 'p.practitioner_id', 'p.name', 'p.email', 'p.team');
  // The roll now: each member's latest record (distinct on takes the first row per member in this order).
  const rolls: Array<{ member_id: string; school_urn: string | null; home_educated: boolean }> = await db('member_schools')
    .distinctOn('member_id')
    .orderBy([{ column: 'member_id' }, { column: 'valid_from', order: 'desc' }])
    .select('member_id', 'school_urn', 'home_educated');
  const present = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
  return {
    members: new Map(
      members.map((m) => [
        m.member_id,
        {
          familyId: m.family_id,
          details: {
            givenName: m.given_name,
            familyName: m.family_name,
            ...present('dateOfBirth', m.date_of_birth),
            ...(m.nhs_number || m.pnc_id ? { identifiers: { ...present('nhsNumber', m.nhs_number), ...present('pncId', m.pnc_id) } } : {}),
          },
        },
      ]),
    ),
    addresses: new Map(
      families.map((f) => [f.family_id, { line1: f.address_line1, ...present('line2', f.address_line2), ...present('town', f.town), postcode: f.postcode, ...present('uprn', f.uprn) }]),
    ),
    practitioners: new Map(leads.map((p) => [p.family_id, { practitionerId: p.practitioner_id, name: p.name, email: p.email, ...present('team', p.team) }])),
    schools: new Map(
      rolls.flatMap((r): Array<[string, NonNullable<MemberSchool>]> =>
        r.home_educated ? [[r.member_id, { homeEducated: true }]] : r.school_urn ? [[r.member_id, { urn: r.school_urn }]] : [],
      ),
    ),
  };
}
