import { TZDate } from '@date-fns/tz';
import type { EscalationRecipient, UrgentRecipient } from '../contracts';
import { digestTimeZone } from '../digest/window';
import type { UrgentConfig } from '../platform/config-urgent';

type QuietHours = UrgentConfig['quietHours'];

/**
 * Whether `at` falls in the quiet hours, on the Europe/London wall clock: 22:00–07:00 is 22:00–07:00
 * GMT in winter and BST in summer, and a clock-change night is as long as the clocks make it. Pure.
 */
export function inQuietHours(at: Date, quiet: QuietHours): boolean {
  const local = new TZDate(at.getTime(), digestTimeZone);
  const minute = local.getHours() * 60 + local.getMinutes();
  const from = quiet.from.hours * 60 + quiet.from.minutes;
  const to = quiet.to.hours * 60 + quiet.to.minutes;
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * Who an alert goes to: the lead practitioner by day, the duty team inside the quiet hours (nobody
 * reads a practitioner's inbox at 02:00), and the duty team too when a family has no lead.
 */
export function routeAlert(at: Date, quiet: QuietHours, practitionerId: string | null): UrgentRecipient {
  return practitionerId === null || inQuietHours(at, quiet) ? 'duty-team' : 'lead-practitioner';
}

/**
 * Who an unacknowledged alert escalates to: by day the lead practitioner's team manager, who can
 * find someone to act; at night the duty manager, the one person on call above the duty team.
 */
export function escalationRecipient(at: Date, quiet: QuietHours): EscalationRecipient {
  return inQuietHours(at, quiet) ? 'duty-manager' : 'team-manager';
}
