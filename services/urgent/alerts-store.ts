import type { Knex } from 'knex';

export type UrgentAlertRow = Readonly<{
  alertId: string;
  matchId: string;
  familyId: string;
  familyReference: string | null;
  ruleId: string;
  says: string;
  routedTo: string;
  practitionerId: string | null;
  quietHours: boolean;
  raisedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  escalatedTo: string | null;
  escalatedAt: Date | null;
}>;

type Row = {
  alert_id: string; match_id: string; family_id: string; reference: string | null; rule_id: string; says: string; routed_to: string; practitioner_id: string | null;
  quiet_hours: boolean; raised_at: Date; acknowledged_by: string | null; acknowledged_at: Date | null; escalated_to: string | null; escalated_at: Date | null;
};

export type AlertFilter = Readonly<{ open?: boolean; practitionerId?: string; dutyTeam?: boolean; alertId?: string }>;

/**
 * Urgent alerts as the projection has them (newest first), with the family's reference: for
 * `live-risk urgent list` and the portal. A lead practitioner sees those about the families they
 * lead (including what the duty team had overnight); the duty team those routed to it
 * (`practitionerId` and `dutyTeam` together: either).
 */
export async function listUrgentAlerts(db: Knex, filter: AlertFilter = {}): Promise<UrgentAlertRow[]> {
  const rows: Row[] = await db('urgent_alerts as a')
    .leftJoin('families as f', 'f.family_id', 'a.family_id')
    .modify((query) => {
      if (filter.open) query.whereNull('a.acknowledged_at');
      if (filter.alertId) query.where('a.alert_id', filter.alertId);
      if (filter.practitionerId !== undefined || filter.dutyTeam) {
        query.where((who) => {
          if (filter.practitionerId !== undefined) who.orWhere('a.practitioner_id', filter.practitionerId);
          if (filter.dutyTeam) who.orWhere('a.routed_to', 'duty-team');
        });
      }
    })
    .orderBy([{ column: 'a.raised_at', order: 'desc' }, { column: 'a.alert_id' }])
    .select('a.*', 'f.reference');
  return rows.map((row) => ({
    alertId: row.alert_id,
    matchId: row.match_id,
    familyId: row.family_id,
    familyReference: row.reference ?? null,
    ruleId: row.rule_id,
    says: row.says,
    routedTo: row.routed_to,
    practitionerId: row.practitioner_id,
    quietHours: row.quiet_hours,
    raisedAt: row.raised_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    escalatedTo: row.escalated_to,
    escalatedAt: row.escalated_at,
  }));
}
