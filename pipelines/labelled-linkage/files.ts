import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, csvObjects, personColumns, personLine } from './csv';
import type { LabelledDataset } from './person';
import type { Decision, LinkDecision } from './metrics';

export const datasetFiles = { cohort: 'cohort.csv', records: 'records.csv', truth: 'truth.csv', cases: 'cases.csv' } as const;

/** Writes lines in blocks, so a million rows never become one string in memory. */
function writeLines<T>(path: string, header: string, items: Iterable<T>, line: (item: T) => string): void {
  const fd = openSync(path, 'w');
  try {
    let block = header;
    for (const item of items) {
      block += line(item);
      if (block.length > 1 << 20) {
        writeSync(fd, block);
        block = '';
      }
    }
    writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

/** cohort.csv, records.csv, truth.csv and cases.csv in `directory` (created if needed). */
export function writeDatasetFiles(directory: string, dataset: LabelledDataset): Record<keyof typeof datasetFiles, string> {
  mkdirSync(directory, { recursive: true });
  const paths = {
    cohort: join(directory, datasetFiles.cohort),
    records: join(directory, datasetFiles.records),
    truth: join(directory, datasetFiles.truth),
    cases: join(directory, datasetFiles.cases),
  };
  const header = csvLine(personColumns);
  writeLines(paths.cohort, header, dataset.cohort, personLine);
  writeLines(paths.records, header, dataset.records, ({ record }) => personLine(record));
  writeLines(paths.truth, csvLine(['record_id', 'cohort_id']), dataset.records.filter((r) => r.cohortId !== null), (r) => csvLine([r.record.id, r.cohortId]));
  writeLines(paths.cases, csvLine(['record_id', 'cases']), dataset.records, (r) => csvLine([r.record.id, r.cases.join(';')]));
  return paths;
}

const readText = (path: string): string => readFileSync(path, 'utf8');

export function readTruth(path: string): Map<string, string> {
  return new Map(csvObjects(readText(path), ['record_id', 'cohort_id']).map((row) => [row.record_id.trim(), row.cohort_id.trim()]));
}

export function readCases(path: string): Map<string, readonly string[]> {
  return new Map(csvObjects(readText(path), ['record_id', 'cases']).map((row) => [row.record_id.trim(), row.cases.split(';').filter(Boolean)]));
}

const decisions: readonly Decision[] = ['link', 'review', 'no-link'];

/** links.csv as `live-risk link` writes it; a row with another decision is an error naming its line. */
export function readLinks(path: string): LinkDecision[] {
  return csvObjects(readText(path), ['record_id', 'cohort_id', 'decision']).map((row, index) => {
    const decision = row.decision.trim() as Decision;
    if (!decisions.includes(decision)) throw new Error(`line ${index + 2}: decision "${row.decision}" is not one of ${decisions.join(', ')}`);
    return { recordId: row.record_id.trim(), cohortId: row.cohort_id.trim(), decision };
  });
}
