import type { Knex } from 'knex';
import type { EncompassContent } from '../contracts';
import type { PortalRole } from './roles';

/**
 * What of the Operation Encompass notifications (encompass_notifications, the projection of
 * encompass-notifications.v1) a signed-in person may read. A school's DSL: the notifications sent to
 * their one school. The council's Encompass team: those sent to the council for home-educated
 * children. Nobody else, and nobody sees a notification that was withheld or undeliverable: those
 * were never sent to anyone (the report counts them).
 */
export type EncompassScope = Readonly<{ kind: 'school'; urn: string; name?: string }> | Readonly<{ kind: 'council-team' }>;

/** `schoolUrn`: the school the council registered the DSL for (school-staff.ts), if they are one. */
export function encompassScope(roles: readonly PortalRole[], schoolUrn: string | undefined): EncompassScope | undefined {
  if (roles.includes('school-dsl')) return schoolUrn === undefined ? undefined : { kind: 'school', urn: schoolUrn };
  if (roles.includes('encompass-council')) return { kind: 'council-team' };
  return undefined;
}

export type EncompassListing = Readonly<{
  notificationId: string;
  force: string;
  sentAt: Date;
  deadline: Date;
  lateFromAgency: boolean;
  acknowledgedAt: Date | null;
}>;

export type EncompassNotice = EncompassListing &
  Readonly<{ familyId: string; memberId: string; schoolUrn: string | null; fieldSet: readonly string[]; content: EncompassContent; acknowledgedBy: string | null }>;

type Row = {
  notification_id: string;
  force: string;
  decided_at: Date;
  deadline: Date;
  late_from_agency: boolean;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  family_id: string;
  member_id: string;
  school_urn: string | null;
  field_set: string[] | null;
  content: EncompassContent | null;
};

/** Sent on time: made available to the recipient no later than its deadline (the start of the next school day). */
export const onTime = (notice: Pick<EncompassListing, 'sentAt' | 'deadline'>): boolean => notice.sentAt.getTime() <= notice.deadline.getTime();

/** How many the list shows at most: a school's year of notifications is a few dozen. */
export const listLimit = 500;

function inScope(db: Knex, scope: EncompassScope): Knex.QueryBuilder {
  const sent = db('encompass_notifications').where({ status: 'notified' });
  return scope.kind === 'school' ? sent.where({ recipient_kind: 'school', school_urn: scope.urn }) : sent.where({ recipient_kind: 'council-team' });
}

const listingOf = (row: Row): EncompassListing => ({
  notificationId: row.notification_id,
  force: row.force,
  sentAt: row.decided_at,
  deadline: row.deadline,
  lateFromAgency: row.late_from_agency,
  acknowledgedAt: row.acknowledged_at,
});

/** The scope's notifications, newest first, without their content (the list shows no personal data). */
export async function encompassList(db: Knex, scope: EncompassScope): Promise<EncompassListing[]> {
  const rows: Row[] = await inScope(db, scope)
    .orderBy([{ column: 'decided_at', order: 'desc' }, { column: 'notification_id', order: 'asc' }])
    .limit(listLimit)
    .select('notification_id', 'force', 'decided_at', 'deadline', 'late_from_agency', 'acknowledged_at');
  return rows.map(listingOf);
}

/** One notification with what the force sent, if it is in the scope; undefined for "no such" and "not yours" alike. */
export async function encompassNotice(db: Knex, scope: EncompassScope, notificationId: string): Promise<EncompassNotice | undefined> {
  const row: Row | undefined = await inScope(db, scope).andWhere({ notification_id: notificationId }).first();
  if (!row) return undefined;
  return {
    ...listingOf(row),
    familyId: row.family_id,
    memberId: row.member_id,
    schoolUrn: row.school_urn,
    fieldSet: row.field_set ?? [],
    content: row.content ?? {},
    acknowledgedBy: row.acknowledged_by,
  };
}
