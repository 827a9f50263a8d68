import { LiveRiskError } from '../platform/errors';

/**
 * What `audit subject` was given: a cohort member id, an NHS number or a PNC ID. Told apart by
 * shape, so a practitioner can paste an identifier as it appears on a letter ("943 476 5919").
 */
export type SubjectQuery = Readonly<
  { kind: 'nhs-number'; value: string } | { kind: 'pnc-id'; value: string } | { kind: 'member-id'; value: string }
>;

export function classifySubject(text: string): SubjectQuery {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new LiveRiskError('INPUT_INVALID', 'no person given', { hint: 'give a member id, an NHS number (10 digits) or a PNC ID (e.g. 12/345678A)' });
  }
  const digits = trimmed.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return { kind: 'nhs-number', value: digits };
  const pnc = trimmed.toUpperCase();
  if (/^\d{2}\/\d{1,7}[A-Z]$/.test(pnc)) return { kind: 'pnc-id', value: pnc };
  return { kind: 'member-id', value: trimmed };
}
