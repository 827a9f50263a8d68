import { agencies } from '../contracts';
import { all, gridFigures, suppressSmallNumbers, uniqueFigures, type ControlledFigure, type SuppressionRule } from '../disclosure-control';
import { eventOutcomes, lawfulBasesShown, reviewDecisions, type MonthlyCounts } from './monthly-counts';
import type { Period } from './months';

/**
 * Every figure the page publishes, after suppression, as tables. One suppression over all of them:
 * events per agency and events per outcome are one measure sharing their monthly totals, so matched
 * events cannot be subtracted from received ones to reveal a small remainder. Pure.
 */
export type PageTable = Readonly<{
  id: string;
  caption: string;
  columnHeader: string;
  /** Column labels with the dimension value each stands for; `*` is the total column. */
  columns: ReadonlyArray<Readonly<{ label: string; value: string }>>;
  rowDimension: string;
  columnDimension?: string;
  fixed: Readonly<Record<string, string>>;
  measure: string;
  withTotalRow: boolean;
}>;

export type PageFigures = Readonly<{ tables: readonly PageTable[]; figures: readonly ControlledFigure[] }>;

export const outcomeLabels = { matched: 'Matched to a family', 'in-review': 'Sent to a person to review', unmatched: 'Not about a family we support', rejected: 'Rejected as invalid' } as const;
const basisLabels: Readonly<Record<string, string>> = { consent: 'Consent', 'public-task': 'Public task', 'vital-interests': 'Vital interests (safeguarding)' };
const decisionLabels: Readonly<Record<string, string>> = { confirmed: 'Confirmed', rejected: 'Rejected' };

export function pageFigures(counts: MonthlyCounts, period: Period, rule: SuppressionRule, agencyLabel: (agency: string) => string): PageFigures {
  const months = { dimension: 'month', values: period.months };
  const sum = <T extends { month: string; count: number }>(rows: readonly T[], match: (row: T) => boolean) => rows.filter(match).reduce((total, row) => total + row.count, 0);
  const bases = [...new Set([...lawfulBasesShown, ...counts.disclosures.map((row) => row.basis)])];
  const figures = uniqueFigures([
    ...gridFigures({ measure: 'families', rows: months, rowTotals: false, count: (month) => counts.families.get(month) ?? 0 }),
    ...gridFigures({
      measure: 'events', fixed: { outcome: all }, rows: months, columns: { dimension: 'agency', values: agencies },
      count: (month, agency) => sum(counts.events, (row) => row.month === month && row.agency === agency),
    }),
    ...gridFigures({
      measure: 'events', fixed: { agency: all }, rows: months, columns: { dimension: 'outcome', values: eventOutcomes },
      count: (month, outcome) => sum(counts.events, (row) => row.month === month && row.outcome === outcome),
    }),
    ...gridFigures({
      measure: 'reviews', rows: months, columns: { dimension: 'decision', values: reviewDecisions },
      count: (month, decision) => sum(counts.reviews, (row) => row.month === month && row.decision === decision),
    }),
    ...gridFigures({
      measure: 'disclosures', rows: months, columns: { dimension: 'basis', values: bases },
      count: (month, basis) => sum(counts.disclosures, (row) => row.month === month && row.basis === basis),
    }),
    ...gridFigures({ measure: 'subject-access', rows: months, count: (month) => counts.subjectAccess.get(month) ?? 0 }),
  ]);
  const column = (values: readonly string[], label: (value: string) => string, total = 'Total') => [...values.map((value) => ({ label: label(value), value })), { label: total, value: all }];
  const tables: PageTable[] = [
    { id: 'families', caption: 'Families supported by the programme during each month', columnHeader: 'Families', columns: [{ label: 'Families supported', value: '' }], rowDimension: 'month', fixed: {}, measure: 'families', withTotalRow: false },
    {
      id: 'events', caption: 'Events received from each kind of agency, per month', columnHeader: 'Agency', columns: column(agencies, agencyLabel), rowDimension: 'month', columnDimension: 'agency',
      fixed: { outcome: all }, measure: 'events', withTotalRow: true,
    },
    {
      id: 'outcomes', caption: 'What happened to the events received, per month', columnHeader: 'Outcome', columns: column(eventOutcomes, (value) => outcomeLabels[value as keyof typeof outcomeLabels]),
      rowDimension: 'month', columnDimension: 'outcome', fixed: { agency: all }, measure: 'events', withTotalRow: true,
    },
    {
      id: 'reviews', caption: 'Possible matches reviewed by a person, per month', columnHeader: 'Decision', columns: column(reviewDecisions, (value) => decisionLabels[value] ?? value),
      rowDimension: 'month', columnDimension: 'decision', fixed: {}, measure: 'reviews', withTotalRow: true,
    },
    {
      id: 'disclosures', caption: 'Items disclosed to practitioners, by lawful basis, per month', columnHeader: 'Lawful basis', columns: column(bases, (value) => basisLabels[value] ?? value),
      rowDimension: 'month', columnDimension: 'basis', fixed: {}, measure: 'disclosures', withTotalRow: true,
    },
    { id: 'subject-access', caption: 'Subject-access requests answered, per month', columnHeader: 'Requests', columns: [{ label: 'Requests answered', value: '' }], rowDimension: 'month', fixed: {}, measure: 'subject-access', withTotalRow: true },
  ];
  return { tables, figures: suppressSmallNumbers(figures, rule) };
}
