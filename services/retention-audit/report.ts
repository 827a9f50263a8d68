import { verdictOf, type PlaceReport } from './tally';

/** The audit's answer: every place, searched or not, and the verdict a script can act on. */
export type AuditReport = Readonly<{
  startedAt: string;
  finishedAt: string;
  verdict: ReturnType<typeof verdictOf>['verdict'];
  exitCode: 0 | 1 | 2;
  places: readonly PlaceReport[];
}>;

export function auditReport(places: readonly PlaceReport[], startedAt: Date, finishedAt: Date): AuditReport {
  return { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), ...verdictOf(places), places };
}
