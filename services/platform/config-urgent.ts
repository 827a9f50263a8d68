import { z } from 'zod';

/**
 * Urgent alerts (services/urgent, README "Urgent alerts"): when the quiet hours are, the duty team's
 * and duty manager's mailboxes, and how long an alert may wait for someone to acknowledge it before
 * it escalates. Part of config.ts's one environment schema; kept here so that file stays about the
 * pipeline.
 */
export type LocalTime = Readonly<{ hours: number; minutes: number }>;
export type UrgentConfig = Readonly<{
  /** Europe/London wall-clock times; `from` after `to` spans midnight (22:00–07:00). Equal: no quiet hours. */
  quietHours: Readonly<{ from: LocalTime; to: LocalTime }>;
  /** The duty team's role mailbox: urgent alerts raised inside the quiet hours go here. */
  dutyTeamEmail: string;
  /** The duty manager's mailbox: escalations at night, and by day when a team has no manager. */
  dutyManagerEmail: string;
  /** Minutes an alert may stay unacknowledged before it escalates, once. */
  escalateAfterMinutes: number;
}>;

const quietHoursExample = '22:00-07:00';
const localTime = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** URGENT_QUIET_HOURS: `HH:MM-HH:MM` in Europe/London, e.g. 22:00-07:00. */
export function parseQuietHours(value: string): UrgentConfig['quietHours'] | string {
  const [from, to, extra] = value.split('-').map((part) => part.trim());
  const a = localTime.exec(from ?? '');
  const b = localTime.exec(to ?? '');
  if (!a || !b || extra !== undefined) return `expected two 24-hour local times joined by a dash, such as ${quietHoursExample}`;
  return { from: { hours: Number(a[1]), minutes: Number(a[2]) }, to: { hours: Number(b[1]), minutes: Number(b[2]) } };
}

const mailbox = (example: string) => z.email({ message: `expected an email address, such as ${example}` });

export const urgentEnvironment = {
  URGENT_QUIET_HOURS: z
    .string()
    .default(quietHoursExample)
    .transform((value, context) => {
      const parsed = parseQuietHours(value);
      if (typeof parsed === 'string') {
        context.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  URGENT_DUTY_TEAM_EMAIL: mailbox('duty-team@council.example').default('duty-team@council.example'),
  URGENT_DUTY_MANAGER_EMAIL: mailbox('duty-manager@council.example').default('duty-manager@council.example'),
  URGENT_ESCALATE_AFTER_MINUTES: z.coerce
    .number({ message: 'expected a whole number of minutes, such as 30' })
    .int('expected a whole number of minutes, such as 30')
    .min(5, 'expected at least 5 minutes: nobody can acknowledge faster')
    .max(24 * 60, 'expected at most 1440 minutes (a day): an urgent alert cannot wait longer')
    .default(30),
};

type UrgentEnvironment = { [K in keyof typeof urgentEnvironment]: z.output<(typeof urgentEnvironment)[K]> };

export function urgentConfig(env: UrgentEnvironment): UrgentConfig {
  return {
    quietHours: env.URGENT_QUIET_HOURS,
    dutyTeamEmail: env.URGENT_DUTY_TEAM_EMAIL,
    dutyManagerEmail: env.URGENT_DUTY_MANAGER_EMAIL,
    escalateAfterMinutes: env.URGENT_ESCALATE_AFTER_MINUTES,
  };
}
