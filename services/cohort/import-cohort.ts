import { readFile } from 'node:fs/promises';
import { LiveRiskError, describeError } from '../platform/errors';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';
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
  const events = cohortEventsFromRows(parsed.rows, options.recordedAt ?? new Date().toISOString());
  await publishEvents(runtime, 'cohort', events, (event) => event.familyId, options.onProgress);
  return { families, members: parsed.rows.length, events: events.length, rejections: parsed.rejections, published: true };
}
