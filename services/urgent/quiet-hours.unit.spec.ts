import { parseQuietHours } from '../platform/config-urgent';
import { loadConfig } from '../platform/config';
import { escalationRecipient, inQuietHours, routeAlert } from './quiet-hours';
import { composeEscalationEmail, composeUrgentAlertEmail } from './urgent-email';

const quiet = parseQuietHours('22:00-07:00') as Exclude<ReturnType<typeof parseQuietHours>, string>;
const at = (iso: string) => new Date(iso);

describe('quiet hours, on the Europe/London clock', () => {
  it('22:00–07:00 spans midnight, in GMT in winter', () => {
    expect(inQuietHours(at('2027-01-14T02:00:00Z'), quiet)).toBe(true);
    expect(inQuietHours(at('2027-01-14T06:59:00Z'), quiet)).toBe(true);
    expect(inQuietHours(at('2027-01-14T07:00:00Z'), quiet)).toBe(false);
    expect(inQuietHours(at('2027-01-14T21:59:00Z'), quiet)).toBe(false);
    expect(inQuietHours(at('2027-01-14T22:00:00Z'), quiet)).toBe(true);
  });

  it('and in BST in summer: 06:30 UTC is 07:30 in London, 21:30 UTC is 22:30', () => {
    expect(inQuietHours(at('2026-07-01T06:30:00Z'), quiet)).toBe(false);
    expect(inQuietHours(at('2026-07-01T05:59:00Z'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-07-01T21:30:00Z'), quiet)).toBe(true);
  });

  it('on the night the clocks go forward (29 March 2026) 01:30 UTC is 02:30 BST, still quiet; 06:00 UTC is 07:00 BST, not', () => {
    expect(inQuietHours(at('2026-03-29T01:30:00Z'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-03-29T05:59:00Z'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-03-29T06:00:00Z'), quiet)).toBe(false);
  });

  it('routes to the duty team at night or when the family has no lead, to the lead by day; escalates to the duty manager at night', () => {
    expect(routeAlert(at('2027-01-14T02:00:00Z'), quiet, 'P1')).toBe('duty-team');
    expect(routeAlert(at('2027-01-14T14:00:00Z'), quiet, 'P1')).toBe('lead-practitioner');
    expect(routeAlert(at('2027-01-14T14:00:00Z'), quiet, null)).toBe('duty-team');
    expect(escalationRecipient(at('2027-01-14T02:31:00Z'), quiet)).toBe('duty-manager');
    expect(escalationRecipient(at('2027-01-14T14:31:00Z'), quiet)).toBe('team-manager');
  });

  it('equal times mean no quiet hours; a malformed setting is refused at start-up, naming the variable', () => {
    expect(inQuietHours(at('2027-01-14T02:00:00Z'), parseQuietHours('00:00-00:00') as typeof quiet)).toBe(false);
    expect(parseQuietHours('10pm-7am')).toMatch(/expected two 24-hour local times/);
    expect(() => loadConfig({ URGENT_QUIET_HOURS: '22:00' })).toThrow(/URGENT_QUIET_HOURS/);
    expect(() => loadConfig({ URGENT_ESCALATE_AFTER_MINUTES: '2' })).toThrow(/URGENT_ESCALATE_AFTER_MINUTES/);
    expect(loadConfig({}).urgent).toEqual({ quietHours: quiet, dutyTeamEmail: 'duty-team@council.example', dutyManagerEmail: 'duty-manager@council.example', escalateAfterMinutes: 30 });
  });
});

describe('urgent emails', () => {
  const options = { to: 'duty-team@council.example', from: 'live-risk@council.example', portalUrl: 'https://portal.example/' };
  it('say only that something urgent waits, since when, and where to sign in, with a stable Message-ID', () => {
    const email = composeUrgentAlertEmail({ alertId: 'urgent-abc', raisedAt: '2027-01-14T02:00:00Z', forDutyTeam: true }, options);
    expect(email.messageId).toBe('<urgent-abc@live-risk>');
    expect(email.text).toContain('An urgent item for the duty team was raised at Thu 14 Jan 2027, 02:00 GMT.');
    expect(email.text).toContain('https://portal.example/urgent/urgent-abc');
    expect(email.html).toContain('href="https://portal.example/urgent/urgent-abc"');
    const escalation = composeEscalationEmail({ alertId: 'urgent-abc', raisedAt: '2027-01-14T02:00:00Z', afterMinutes: 30 }, options);
    expect(escalation.messageId).toBe('<urgent-abc.escalated@live-risk>');
    expect(escalation.text).toContain('has not been acknowledged within 30 minutes');
  });
});
