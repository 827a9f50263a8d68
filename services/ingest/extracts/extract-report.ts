import { terminal } from '../../platform/terminal';
import type { RowOutcome } from './translate-row';

/**
 * What happened to an extract, for the person who sent it: how many rows became events, how many
 * were refused, and why, grouped so that 400 rows with the same unmapped code read as one reason.
 * Built row by row (`add`), so a 100,000-row extract is summarised without keeping its outcomes.
 */
export type ExtractReport = Readonly<{
  rows: number;
  accepted: number;
  rejected: number;
  /** Distinct reasons, most frequent first, with the first lines that had each. */
  reasons: ReadonlyArray<Readonly<{ column?: string; message: string; rows: number; lines: readonly number[] }>>;
  /** Reasons past `maxReasons`, counted but not listed. */
  otherReasons: number;
}>;

export const reportLimits = { maxReasons: 50, linesPerReason: 10 } as const;

type Reason = { column?: string; message: string; rows: number; lines: number[] };

export class ExtractReportBuilder {
  private rows = 0;
  private accepted = 0;
  private readonly reasons = new Map<string, Reason>();
  private otherReasons = 0;

  add(outcome: RowOutcome): void {
    this.rows++;
    if (outcome.ok) {
      this.accepted++;
      return;
    }
    for (const problem of outcome.problems) {
      const key = `${problem.column ?? ''}\u0000${problem.message}`;
      let reason = this.reasons.get(key);
      if (!reason) {
        if (this.reasons.size >= reportLimits.maxReasons) {
          this.otherReasons++;
          continue;
        }
        reason = { ...(problem.column ? { column: problem.column } : {}), message: problem.message, rows: 0, lines: [] };
        this.reasons.set(key, reason);
      }
      reason.rows++;
      if (reason.lines.length < reportLimits.linesPerReason) reason.lines.push(outcome.line);
    }
  }

  report(): ExtractReport {
    const reasons = [...this.reasons.values()].sort((a, b) => b.rows - a.rows || a.lines[0] - b.lines[0]).map((reason) => ({ ...reason, lines: [...reason.lines] }));
    return { rows: this.rows, accepted: this.accepted, rejected: this.rows - this.accepted, reasons, otherReasons: this.otherReasons };
  }
}

/** The report of a whole set of outcomes (pure). */
export function extractReport(outcomes: Iterable<RowOutcome>): ExtractReport {
  const builder = new ExtractReportBuilder();
  for (const outcome of outcomes) builder.add(outcome);
  return builder.report();
}

/** The report as lines for a terminal; agency text (codes, column names) is escaped. */
export function formatExtractReport(report: ExtractReport): string {
  const lines = [terminal`${report.rows} rows: ${report.accepted} accepted, ${report.rejected} rejected`];
  for (const reason of report.reasons) {
    const more = reason.rows > reason.lines.length ? ' …' : '';
    const where = reason.column ? terminal`column ${reason.column}: ` : '';
    lines.push(terminal`  ${reason.rows} × ` + where + terminal`${reason.message} (line ${reason.lines.join(', ')}${more})`);
  }
  if (report.otherReasons > 0) lines.push(terminal`  and ${report.otherReasons} problems of other kinds`);
  return lines.join('\n');
}
