import type { Knex } from 'knex';

/**
 * "On time, provably": per school (or the council's team) and per police force, how many Encompass
 * notifications were sent, acknowledged, on time (sent before the start of the next school day) or
 * late, and of the late how many because the force's event reached us after the deadline had
 * passed; how many a recorded decision withheld and how many could not be delivered (no school
 * known). Counts only: no child, family or incident is named.
 */
export type EncompassTally = { sent: number; acknowledged: number; onTime: number; late: number; lateFromAgency: number; withheld: number; undeliverable: number };

export type ReportRow = Readonly<{
  status: 'notified' | 'withheld' | 'undeliverable';
  recipient_kind: 'school' | 'council-team' | null;
  school_urn: string | null;
  force: string;
  decided_at: Date;
  deadline: Date;
  late_from_agency: boolean;
  acknowledged_at: Date | null;
}>;

export type EncompassReport = Readonly<{
  from: string | null;
  to: string | null;
  /** Keyed by school URN, 'council-team', or 'no-school' (undeliverable). */
  byRecipient: ReadonlyArray<Readonly<{ recipient: string } & EncompassTally>>;
  byForce: ReadonlyArray<Readonly<{ force: string } & EncompassTally>>;
  total: EncompassTally;
}>;

const emptyTally = (): EncompassTally => ({ sent: 0, acknowledged: 0, onTime: 0, late: 0, lateFromAgency: 0, withheld: 0, undeliverable: 0 });

function add(tally: EncompassTally, row: ReportRow): void {
  if (row.status === 'withheld') tally.withheld += 1;
  else if (row.status === 'undeliverable') tally.undeliverable += 1;
  else {
    tally.sent += 1;
    if (row.acknowledged_at) tally.acknowledged += 1;
    if (row.decided_at.getTime() <= row.deadline.getTime()) tally.onTime += 1;
    else {
      tally.late += 1;
      if (row.late_from_agency) tally.lateFromAgency += 1;
    }
  }
}

const recipientKey = (row: ReportRow) => (row.recipient_kind === 'council-team' ? 'council-team' : (row.school_urn ?? 'no-school'));

/** Pure: the tallies of the rows given. */
export function tallyEncompass(rows: readonly ReportRow[], period: Readonly<{ from?: string; to?: string }> = {}): EncompassReport {
  const byRecipient = new Map<string, EncompassTally>();
  const byForce = new Map<string, EncompassTally>();
  const total = emptyTally();
  for (const row of rows) {
    for (const [map, key] of [[byRecipient, recipientKey(row)], [byForce, row.force]] as const) {
      if (!map.has(key)) map.set(key, emptyTally());
      add(map.get(key) as EncompassTally, row);
    }
    add(total, row);
  }
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    byRecipient: sorted(byRecipient).map(([recipient, tally]) => ({ recipient, ...tally })),
    byForce: sorted(byForce).map(([force, tally]) => ({ force, ...tally })),
    total,
  };
}

/** Reads the encompass-notifications projection; `range` bounds when each was decided (sent, withheld, found undeliverable). */
export async function encompassReport(db: Knex, range: Readonly<{ from?: Date; to?: Date }> = {}, period: Readonly<{ from?: string; to?: string }> = {}): Promise<EncompassReport> {
  const rows: ReportRow[] = await db('encompass_notifications')
    .modify((query) => {
      if (range.from) query.where('decided_at', '>=', range.from);
      if (range.to) query.where('decided_at', '<', range.to);
    })
    .select('status', 'recipient_kind', 'school_urn', 'force', 'decided_at', 'deadline', 'late_from_agency', 'acknowledged_at');
  return tallyEncompass(rows, period);
}
