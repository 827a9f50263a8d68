import { recordClassInfo } from './record-classes';
import { recordClasses, type ArchivedRetentionSchedule, type Period, type RecordClass, type RetentionSchedule } from './schedule';
import type { RetentionReport } from './run';

/** A period in words: "45 days", "1 year". */
export function periodWords(keep: Period): string {
  const [unit, n] = Object.entries(keep)[0] as [string, number];
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

/** What a class's `keep` says, in words. */
export function keepWords(schedule: ArchivedRetentionSchedule, recordClass: RecordClass): string {
  const entry = schedule.classes[recordClass];
  if (!entry) return '(not in this version)';
  const keep = entry.keep;
  if (keep === 'while-the-case-is-open') return 'while the case is open';
  if ('afterClosure' in keep || 'untilYoungestChildIs' in keep) {
    const rules = [
      ...(keep.afterClosure ? [`${periodWords(keep.afterClosure)} after the case closed`] : []),
      ...(keep.untilYoungestChildIs !== undefined ? [`until the youngest child is ${keep.untilYoungestChildIs}`] : []),
    ];
    return rules.length > 1 ? `${rules.join(' or ')}, whichever is later` : rules[0];
  }
  return periodWords(keep as Period);
}

export type ScheduleSection = Readonly<{ recordClass: RecordClass; title: string; keep: string; reason: string; lawfulBasis: string; where: string; enforcedBy: string }>;

/** The schedule as a governance officer reads it: one section per class, in words. */
export function scheduleSections(schedule: RetentionSchedule | ArchivedRetentionSchedule): ScheduleSection[] {
  return recordClasses.flatMap((recordClass) => {
    const entry = schedule.classes[recordClass];
    if (!entry) return [];
    const info = recordClassInfo[recordClass];
    return [{ recordClass, title: info.title, keep: keepWords(schedule, recordClass), reason: entry.reason, lawfulBasis: entry.lawfulBasis, where: info.where, enforcedBy: info.enforcedBy }];
  });
}

/** A run's report as rows: class, removed, past the period but kept, and why. */
export function reportRows(report: RetentionReport): string[][] {
  return report.classes.map((outcome) => [
    outcome.recordClass,
    String(outcome.removed),
    outcome.notRemoved ? String(outcome.notRemoved) : '',
    [...Object.entries(outcome.parts).filter(([, n]) => n > 0).map(([part, n]) => `${part}: ${n}`), ...(outcome.note ? [outcome.note] : [])].join('; '),
  ]);
}

export function kafkaRows(report: RetentionReport): string[][] {
  return report.kafka.map((holding) => [holding.topic, String(holding.held), String(holding.olderThanPeriod)]);
}
