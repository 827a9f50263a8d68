import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import { calendarDateProblem, textProblem } from '../contracts';
import { localInstant, nextDate } from '../digest/window';
import { LiveRiskError } from '../platform/errors';
import { assignCover, endCover } from './cover';
import { isTeamFamily, type Team } from './team';

/**
 * A team manager assigns or ends cover from the portal with the functions the CLI uses
 * (cover.ts), each change and its audit entry in one transaction. A manager acts only on their
 * team's families (anything else is `refused`, answered as "not found"), and picks the covering
 * practitioner from their team. What went wrong with the form is a `problem`, in words for the page.
 */
export type Manager = Readonly<{ practitionerId: string; team: Team }>;
export type CoverForm = Readonly<{ familyId: string; practitionerId: string; until?: string; reason?: string }>;
export type CoverOutcome = Readonly<{ done: string }> | Readonly<{ problem: string }> | Readonly<{ refused: true }>;

const reasonMaxLength = 500;

export async function assignCoverAsManager(db: Knex, manager: Manager, form: CoverForm, now: Date): Promise<CoverOutcome> {
  if (!(await isTeamFamily(db, manager.team.name, form.familyId))) return { refused: true };
  const covering = manager.team.practitioners.find((p) => p.practitionerId === form.practitionerId);
  if (!covering) return { problem: 'Choose the practitioner who will cover from the list of your team.' };
  const until = form.until ? endOfLondonDay(form.until, now) : undefined;
  if (typeof until === 'string') return { problem: until };
  const reason = form.reason?.trim() || undefined;
  if (reason && (reason.length > reasonMaxLength || textProblem(reason, 'single-line'))) {
    return { problem: `Write the reason on one line, in at most ${reasonMaxLength} characters.` };
  }
  try {
    await db.transaction(async (trx) => {
      const assigned = await assignCover(trx, { familyId: form.familyId, practitionerId: covering.practitionerId, assignedBy: manager.practitionerId, until, reason }, now);
      await appendAuditEntries(trx, [
        {
          kind: 'view',
          actor: manager.practitionerId,
          recipient: covering.practitionerId,
          familyId: form.familyId,
          detail: { channel: 'portal', page: 'team', action: 'cover-assigned', coverId: assigned.id, until: assigned.until?.toISOString() ?? null },
        },
      ], () => now);
    });
  } catch (error) {
    // assignCover refuses, e.g., cover by the family's own lead practitioner.
    if (error instanceof LiveRiskError && (error.code === 'INPUT_INVALID' || error.code === 'NOT_FOUND')) return { problem: `${error.message}.` };
    throw error;
  }
  return { done: `${covering.name} now covers the family${until ? ` until the end of ${form.until}` : ' until you end it'}.` };
}

export async function endCoverAsManager(db: Knex, manager: Manager, form: Pick<CoverForm, 'familyId' | 'practitionerId'>, now: Date): Promise<CoverOutcome> {
  if (!(await isTeamFamily(db, manager.team.name, form.familyId))) return { refused: true };
  const ended = await db.transaction(async (trx) => {
    const count = await endCover(trx, form, now);
    if (count > 0) {
      await appendAuditEntries(trx, [
        { kind: 'view', actor: manager.practitionerId, recipient: form.practitionerId, familyId: form.familyId, detail: { channel: 'portal', page: 'team', action: 'cover-ended', ended: count } },
      ], () => now);
    }
    return count;
  });
  return ended > 0 ? { done: 'Cover ended.' } : { problem: 'That practitioner is not covering the family now; nothing was changed.' };
}

/** Cover "until" a date lasts to the end of that day in England: midnight, Europe/London, after it. */
function endOfLondonDay(date: string, now: Date): Date | string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || calendarDateProblem(date)) return 'Give the last day of cover as a date, or leave it empty for cover until you end it.';
  const end = localInstant(nextDate(date), { hours: 0, minutes: 0 });
  return end <= now ? 'The last day of cover must be today or later.' : new Date(end.getTime());
}
